import { createHash } from 'node:crypto';
import type { OverlayPart, OverlayQuery } from './query';

/** Where the distribution serves the overlay script (see the widget package). */
export const OVERLAY_SCRIPT_PATH = '/widget/v1/tipchat-overlay.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * The 1920×1080 layout: leaderboard on the left, alerts centred at the top, chat on the right
 * (newest at the bottom), the goal bar along the bottom. The page itself is transparent, so OBS
 * shows the scene behind it. It is the page's only inline style; the CSP allows it by hash.
 */
const PAGE_CSS = `html,body{margin:0;height:100%;background:transparent;overflow:hidden}
body{box-sizing:border-box;height:100vh;padding:48px;display:grid;gap:32px;
grid-template-columns:minmax(0,420px) minmax(0,1fr) minmax(0,420px);grid-template-rows:minmax(0,1fr) auto;
grid-template-areas:"board alerts chat" "goal goal goal"}
.leaderboard{grid-area:board;align-self:start}
.alerts{grid-area:alerts;align-self:start;justify-self:center;width:min(100%,760px)}
.chat{grid-area:chat;align-self:end;max-height:100%;overflow:hidden}
.goal{grid-area:goal;justify-self:center;width:min(100%,1100px)}
.notice{grid-area:alerts;align-self:start;justify-self:center;margin:0;padding:16px 24px;border-radius:12px;
background:rgb(17 24 39/.85);color:#fff;font:600 24px/1.4 system-ui,sans-serif}`;

const PAGE_CSS_HASH = `'sha256-${createHash('sha256').update(PAGE_CSS).digest('base64')}'`;

/**
 * A strict policy: the overlay script from this server and nothing inline but the hashed layout
 * style. Lit's styles are constructed stylesheets, which `style-src` does not govern; the
 * elements set CSS variables through the CSSOM, never through `style` attributes. `'self'` in
 * connect-src covers the socket.io WebSocket (ws/wss on the same host).
 */
export function overlayCsp(soundUrl: string | undefined): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' ${PAGE_CSS_HASH}`,
    "connect-src 'self'",
    // 'self': designed alerts' images and GIFs (/media/…) come from this server.
    "img-src 'self' data:",
    // 'self': the alerts' speech (GET /api/v1/overlay/:slug/tts) is audio from this server, as are alert sounds and videos.
    `media-src 'self'${soundUrl ? ` ${new URL(soundUrl).origin}` : ''}`,
    "base-uri 'none'",
    "form-action 'none'",
    // Only this server's own pages may frame it: the dashboard's overlay builder shows it; no other site can.
    "frame-ancestors 'self'",
  ].join('; ');
}

const TAGS: Record<OverlayPart, string> = {
  leaderboard: 'tipchat-leaderboard',
  alerts: 'tipchat-alerts',
  chat: 'tipchat-chat-overlay',
  goal: 'tipchat-goal',
};

type Attributes = Record<string, string | boolean | undefined>;

function element(part: OverlayPart, attributes: Attributes): string {
  const rendered = Object.entries(attributes)
    .filter(([, value]) => value !== undefined && value !== false)
    .map(([name, value]) => (value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`))
    .join('');
  return `<${TAGS[part]} class="${part}"${rendered}></${TAGS[part]}>`;
}

function document(lang: string, title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${PAGE_CSS}</style>${head}
</head>
<body>
${body}
</body>
</html>
`;
}

/**
 * The overlay page: the chosen elements with their configuration as attributes (no inline
 * script), the overlay key only on `<tipchat-alerts>`, which is the one that needs it.
 */
export function overlayPage(slug: string, server: string, query: OverlayQuery): string {
  const common = { channel: slug, server, theme: query.theme };
  const parts: Record<OverlayPart, Attributes> = {
    leaderboard: { ...common, period: query.period },
    alerts: { ...common, key: query.key, sound: query.sound, tts: query.tts },
    chat: common,
    goal: common,
  };
  const body = (Object.keys(TAGS) as OverlayPart[])
    .filter((part) => query.show.includes(part))
    .map((part) => element(part, parts[part]))
    .join('\n');
  return document(query.lang, `tipchat overlay · ${slug}`, body, `\n<script src="${OVERLAY_SCRIPT_PATH}" defer></script>`);
}

/** What OBS shows when the key in the URL is not (or no longer) the channel's. */
export function invalidKeyPage(slug: string, lang: string): string {
  return document(
    lang,
    `tipchat overlay · ${slug}`,
    '<p class="notice" role="alert">This overlay link is not valid: its key was rotated or mistyped. Copy the overlay URL again from your tipchat dashboard.</p>',
  );
}
