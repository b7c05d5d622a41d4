import { createHash } from 'node:crypto';
import { type Goal, type LeaderboardEntry, minorToDecimalString } from '@tipchat/sdk/protocol';
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
.banner{display:block;width:100%;aspect-ratio:3/1;object-fit:cover;border-radius:12px}
.links{display:flex;flex-wrap:wrap;gap:8px;margin:0;padding:0;list-style:none}
.links a{display:inline-block;padding:6px 12px;border:1px solid GrayText;border-radius:999px;color:LinkText;text-decoration:none}
.links a:focus-visible,.links a:hover{text-decoration:underline}
.goal{margin:0}.goal p{margin:0 0 4px}.goal progress{width:100%}
.supporters h2{font-size:1rem;margin:0 0 4px}.supporters ol{margin:0;padding-left:1.5em}
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
  bannerUrl: string | null;
  /** https URLs, in the streamer's order. */
  links: readonly string[];
  goal: Goal | null;
  currency: string;
  /** The all-time top tippers in the channel's currency, best first. */
  topSupporters: readonly LeaderboardEntry[];
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

/** Names for the sites streamers link to most; anything else shows its host name. */
const SITE_NAMES: Record<string, string> = {
  'twitch.tv': 'Twitch',
  'youtube.com': 'YouTube',
  'youtu.be': 'YouTube',
  'kick.com': 'Kick',
  'x.com': 'X',
  'twitter.com': 'X',
  'instagram.com': 'Instagram',
  'tiktok.com': 'TikTok',
  'discord.gg': 'Discord',
  'discord.com': 'Discord',
  'bsky.app': 'Bluesky',
  'github.com': 'GitHub',
};

/** A link's label: the site's name, or its host without `www.`. */
export function linkLabel(url: string): string {
  const host = new URL(url).hostname.replace(/^www\./, '');
  return SITE_NAMES[host] ?? host;
}

function linksSection(links: readonly string[]): string {
  if (links.length === 0) return '';
  const items = links.map(
    (url) => `<li><a href="${escapeHtml(url)}" rel="me noopener ugc" target="_blank">${escapeHtml(linkLabel(url))}</a></li>`,
  );
  return `<nav aria-label="Links"><ul class="links">${items.join('')}</ul></nav>`;
}

function supportersSection(supporters: readonly LeaderboardEntry[], currency: string): string {
  if (supporters.length === 0) return '';
  const items = supporters.map((entry) => `<li>${escapeHtml(entry.displayName)} · ${escapeHtml(money(entry.amount, currency))}</li>`);
  return `<section class="supporters" aria-labelledby="top-supporters"><h2 id="top-supporters">Top supporters</h2><ol>${items.join('')}</ol></section>`;
}

function channelHeader(channel: ChannelPageInfo): string {
  const avatar = channel.avatarUrl ? `<img src="${escapeHtml(channel.avatarUrl)}" alt="" referrerpolicy="no-referrer">` : '';
  const description = channel.description.trim() ? `<p class="description">${escapeHtml(channel.description.trim())}</p>` : '';
  return `<header>${avatar}<div><h1>${escapeHtml(channel.displayName)}</h1>${description}</div></header>`;
}

/**
 * A channel's own tip page, for a streamer to link from a stream description or a bio when they
 * have no site of their own: their banner, avatar, name, description, links, current goal and
 * top supporters above the viewer widget, with share-preview tags. The widget's configuration is all in its attributes; nothing
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
${channel.bannerUrl ? `<img class="banner" src="${escapeHtml(channel.bannerUrl)}" alt="" referrerpolicy="no-referrer">` : ''}
${channelHeader(channel)}
${linksSection(channel.links)}
${goalSection(channel.goal)}
${supportersSection(channel.topSupporters, channel.currency)}
<tipchat-widget ${attributes}></tipchat-widget>
</main>
</body>
</html>
`;
}
