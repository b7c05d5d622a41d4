/**
 * Colours from the server (a tier's, the channel theme's) as custom properties for `.style`.
 * `.style` goes through CSSOM, which a strict CSP allows where a style attribute would be
 * refused; and only `#rrggbb` values get in, so nothing else can be smuggled into the CSS.
 */
export const cssVars = (vars: Record<string, string | undefined>): string =>
  Object.entries(vars)
    .filter(([, value]) => /^#[0-9a-f]{6}$/i.test(value ?? ''))
    .map(([name, value]) => `${name}:${value}`)
    .join(';');
