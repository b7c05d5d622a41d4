/**
 * The icon the server's own pages (the dashboard, a channel's tip page) name in their head, so a
 * browser does not ask for /favicon.ico and log a 404: a small SVG in tipchat's violet, inline as
 * a data: URI (both pages' CSPs admit `data:` images), so no route or file is needed.
 */
const SVG =
  "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'><rect width='32' height='32' rx='8' fill='%236d28d9'/><circle cx='16' cy='16' r='7' fill='%23fff'/></svg>";

export const FAVICON_LINK = `<link rel="icon" type="image/svg+xml" href="data:image/svg+xml,${SVG}">`;
