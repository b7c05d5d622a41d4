import { createHash } from 'node:crypto';
import { FAVICON_LINK } from './favicon';

/** Where the widget distribution serves the dashboard's script bundle. */
export const DASHBOARD_SCRIPT_PATH = '/widget/v1/tipchat-dashboard.js';

/** The dashboard app's own paths live under this prefix; the element routes within it with the History API. */
export const DASHBOARD_BASE = '/dashboard';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * The page's only inline style: no margin, the app's background while the script loads, and the
 * waiting notice. The element styles itself with constructed stylesheets (not governed by
 * `style-src`); this one is allowed by its hash.
 */
const PAGE_CSS = `html,body{margin:0;min-height:100%;background:#f3f4f6;color:#111827;font:15px/1.5 system-ui,sans-serif}
.waiting{max-width:32rem;margin:15vh auto;padding:0 1.5rem}`;

const PAGE_CSS_HASH = `'sha256-${createHash('sha256').update(PAGE_CSS).digest('base64')}'`;

/**
 * Strict: scripts only from this server (the dashboard bundle, and the viewer script the embed
 * preview loads), no inline script, the one hashed style. The app talks to this server only
 * (`'self'` covers the socket.io WebSocket on the same host). Avatars are https images from
 * anywhere; alert media (the designer's preview) and the overlay builder's framed overlay come from this server. Forms never submit (the app sends JSON), the page is never framed.
 */
export function dashboardCsp(): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' ${PAGE_CSS_HASH}`,
    "connect-src 'self'",
    "img-src 'self' data: https:",
    // The alert designer's preview plays uploaded sounds and videos from this server.
    "media-src 'self'",
    // The overlay builder shows the streamer's overlay page (this server's) in a frame.
    "frame-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The HTML shell of every dashboard path: the `<tipchat-dashboard>` element, configured by
 * attributes, and the script that defines it. What the element shows depends on the path,
 * which it reads itself, so the same bytes answer every path.
 */
export function dashboardPage(server: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>tipchat dashboard</title>
${FAVICON_LINK}
<style>${PAGE_CSS}</style>
<script src="${DASHBOARD_SCRIPT_PATH}" defer></script>
</head>
<body>
<tipchat-dashboard server="${escapeHtml(server)}" base="${DASHBOARD_BASE}">
<p class="waiting">Loading the tipchat dashboard… If this message stays, the dashboard script is not built on this server: run <code>pnpm --filter @tipchat/widget build</code>.</p>
</tipchat-dashboard>
</body>
</html>
`;
}
