import { html } from 'lit';
import type { ViewerKey } from './catalogs';
import type { TipchatWidget } from './widget.component';

/** A hint, not the server's rule (which is stricter): enough to say "no links" while typing. */
const LINK = /https?:|www\.|\w\.(com|net|org|io|gg|tv|me|in)\b/i;

/** Below the chat: the ban, the name prompt, or the send box with the channel's limits. */
export function renderComposer(w: TipchatWidget) {
  const { session: s, draft } = w;
  const now = Date.now();
  const until = s.ban?.until;
  if (s.barred) {
    const time =
      until &&
      new Date(until).toLocaleString(
        w.locale,
        Date.parse(until) - now > 864e5 ? { dateStyle: 'medium', timeStyle: 'short' } : { timeStyle: 'short' },
      );
    return html`<p part="notice banned" role="alert">${time ? w.t('TIMED_OUT', { time }) : w.t('BANNED')}</p>`;
  }
  if (!s.me.viewerId) {
    return html`<form part="composer" @submit=${w.onJoin}>
      <input part="input" name="name" aria-label=${w.t('you')} placeholder=${w.t('name')} minlength="2" maxlength="32" required autocomplete="nickname" />
      <button part="send">${w.t('join')}</button>
      <p part="hint">${s.problem ? w.t(s.problem) : ''}</p>
    </form>`;
  }
  const settings = s.settings;
  const max = settings?.maxMessageLength ?? 200;
  const length = [...draft].length;
  const wait = Math.ceil((s.slowUntil - now) / 1000);
  // Guests cannot sign in from the widget, so signed-in-only chat is closed to them.
  const closed: ViewerKey | undefined = !settings?.enabled
    ? 'CHAT_DISABLED'
    : settings.signedInOnly || settings.verifiedOnly
      ? 'SIGN_IN_REQUIRED'
      : undefined;
  const hint = closed
    ? w.t(closed)
    : wait > 0
      ? w.t('slow', { s: wait })
      : s.problem
        ? w.t(s.problem, { max })
        : !settings?.linksAllowed && LINK.test(draft)
          ? w.t('LINKS_NOT_ALLOWED')
          : settings?.slowModeSeconds
            ? w.t('slowOn', { s: settings.slowModeSeconds })
            : '';
  return html`<form part="composer" @submit=${w.onSend}>
    <input part="input" name="text" aria-label=${w.t('message')} placeholder=${w.t('message')} autocomplete="off" .value=${draft} @input=${w.onDraft} ?disabled=${!!closed} />
    <button part="send" ?disabled=${!!closed || wait > 0 || !length || length > max}>${w.t('send')}</button>
    <p part="hint">${hint}<span part="counter" class=${length > max ? 'over' : ''}>${length ? `${length}/${max}` : ''}</span></p>
  </form>`;
}
