import { createHash } from 'node:crypto';
import { type Goal, minorToDecimalString } from '@tipchat/sdk/protocol';
import type { Config } from '../../config';
import { FAVICON_LINK } from '../dashboard-page/favicon';

/** Where the distribution serves the viewer script (see the widget package). */
export const VIEWER_SCRIPT_PATH = '/widget/v1/tipchat.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** A centred column: the channel's header and goal above the widget; the page's only inline style, allowed by hash. */
const PAGE_CSS = `html{color-scheme:light dark}body{margin:0;min-height:100vh;display:flex;justify-content:center;
font-family:system-ui,sans-serif;background:Canvas;color:CanvasText}
main{box-sizing:border-box;width:min(100%,560px);min-height:100vh;padding:16px;display:flex;flex-direction:column;gap:12px}
header{display:flex;gap:12px;align-items:center}header img{width:64px;height:64px;border-radius:50%;object-fit:cover;flex:none}
h1{font-size:1.4rem;margin:0}.description{margin:4px 0 0;white-space:pre-line;overflow-wrap:anywhere}
.goal{margin:0}.goal p{margin:0 0 4px}.goal progress{width:100%}
tipchat-widget{flex:1;min-height:560px}`;

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

/** What the page shows of the channel; everything in it is the streamer's text and is escaped. */
export interface ChannelPageInfo {
  slug: string;
  displayName: string;
  description: string;
  avatarUrl: string | null;
  goal: Goal | null;
}

const money = (minor: number, currency: string) => `${minorToDecimalString(minor, currency)} ${currency}`;

/** The description as one line for share previews, cut at a word near 200 characters. */
function summary(description: string, displayName: string): string {
  const line = description.replace(/\s+/g, ' ').trim();
  if (line === '') return `Tip ${displayName} and chat live.`;
  return line.length <= 200 ? line : `${line.slice(0, 200).replace(/\s+\S*$/, '')}…`;
}

/** Open Graph and Twitter card tags, so a shared link previews with the channel's name, description and avatar. */
function shareMeta(channel: ChannelPageInfo, pageUrl: string): string {
  const description = summary(channel.description, channel.displayName);
  const tags: [string, string, string][] = [
    ['name', 'description', description],
    ['property', 'og:type', 'website'],
    ['property', 'og:site_name', 'tipchat'],
    ['property', 'og:title', channel.displayName],
    ['property', 'og:description', description],
    ['property', 'og:url', pageUrl],
    ...(channel.avatarUrl ? [['property', 'og:image', channel.avatarUrl] as [string, string, string]] : []),
    ['name', 'twitter:card', 'summary'],
    ['name', 'twitter:title', channel.displayName],
    ['name', 'twitter:description', description],
    ...(channel.avatarUrl ? [['name', 'twitter:image', channel.avatarUrl] as [string, string, string]] : []),
  ];
  return tags.map(([attribute, name, content]) => `<meta ${attribute}="${name}" content="${escapeHtml(content)}">`).join('\n');
}

function goalSection(goal: Goal | null): string {
  if (!goal) return '';
  const label = `${money(goal.progress, goal.currency)} of ${money(goal.target, goal.currency)}`;
  return `<section class="goal" aria-label="Goal">
<p><strong>${escapeHtml(goal.title)}</strong> · ${escapeHtml(label)}</p>
<progress max="${goal.target}" value="${Math.min(goal.progress, goal.target)}">${escapeHtml(label)}</progress>
</section>`;
}

function channelHeader(channel: ChannelPageInfo): string {
  const avatar = channel.avatarUrl ? `<img src="${escapeHtml(channel.avatarUrl)}" alt="" referrerpolicy="no-referrer">` : '';
  const description = channel.description.trim() ? `<p class="description">${escapeHtml(channel.description.trim())}</p>` : '';
  return `<header>${avatar}<div><h1>${escapeHtml(channel.displayName)}</h1>${description}</div></header>`;
}

/**
 * A channel's own tip page, for a streamer to link from a stream description or a bio when they
 * have no site of their own: their avatar, name, description and current goal above the viewer
 * widget, with share-preview tags. The widget's configuration is all in its attributes; nothing
 * inline runs.
 */
export function channelPage(
  channel: ChannelPageInfo,
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
${FAVICON_LINK}
${shareMeta(channel, `${server}/c/${encodeURIComponent(channel.slug)}`)}
<style>${PAGE_CSS}</style>
<script src="${VIEWER_SCRIPT_PATH}" defer></script>
</head>
<body>
<main>
${channelHeader(channel)}
${goalSection(channel.goal)}
<tipchat-widget ${attributes}></tipchat-widget>
</main>
</body>
</html>
`;
}
