import { createHash } from 'node:crypto';
import type { Config } from '../../config';

/** Where the distribution serves the viewer script (see the widget package). */
export const VIEWER_SCRIPT_PATH = '/widget/v1/tipchat.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** A centred column for the widget, light or dark; the page's only inline style, allowed by hash. */
const PAGE_CSS = `html{color-scheme:light dark}body{margin:0;min-height:100vh;display:flex;justify-content:center;
font-family:system-ui,sans-serif;background:Canvas;color:CanvasText}
main{box-sizing:border-box;width:min(100%,560px);height:100vh;padding:16px;display:flex}
tipchat-widget{flex:1;min-height:0}`;

const PAGE_CSS_HASH = `'sha256-${createHash('sha256').update(PAGE_CSS).digest('base64')}'`;

/**
 * The page's policy: the viewer script and the API from this server, plus what the configured
 * payment providers' checkouts need (Stripe.js, Cashfree's JS checkout) — the same list a host
 * page needs, documented in docs/widget.md.
 */
export function channelPageCsp(payments: Config['payments']): string {
  const script = ["'self'"];
  const frame: string[] = [];
  const connect = ["'self'"];
  if (payments.stripe) {
    script.push('https://js.stripe.com');
    frame.push('https://js.stripe.com', 'https://hooks.stripe.com');
    connect.push('https://api.stripe.com');
  }
  if (payments.cashfree) {
    script.push('https://sdk.cashfree.com');
    frame.push('https://*.cashfree.com');
    connect.push('https://*.cashfree.com');
  }
  return [
    "default-src 'none'",
    `script-src ${script.join(' ')}`,
    `style-src 'self' ${PAGE_CSS_HASH}`,
    `connect-src ${connect.join(' ')}`,
    `frame-src ${frame.length > 0 ? frame.join(' ') : "'none'"}`,
    "img-src 'self' data: https:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * A channel's own tip page: the viewer widget alone, for a streamer to link from a stream
 * description or a bio when they have no site of their own. The configuration is all in the
 * element's attributes; nothing inline runs.
 */
export function channelPage(
  channel: { slug: string; displayName: string },
  server: string,
  options: { theme?: 'light' | 'dark' | undefined; lang?: string | undefined },
): string {
  const attributes = [
    `channel="${escapeHtml(channel.slug)}"`,
    `server="${escapeHtml(server)}"`,
    ...(options.theme ? [`theme="${options.theme}"`] : []),
    ...(options.lang ? [`lang="${escapeHtml(options.lang)}"`] : []),
  ].join(' ');
  return `<!doctype html>
<html lang="${escapeHtml(options.lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(channel.displayName)} · tipchat</title>
<style>${PAGE_CSS}</style>
<script src="${VIEWER_SCRIPT_PATH}" defer></script>
</head>
<body>
<main><tipchat-widget ${attributes}></tipchat-widget></main>
</body>
</html>
`;
}
