import { html, nothing } from 'lit';
import type { ChatMessage } from './client';
import { cssVars } from './css-vars';
import type { TipchatWidget } from './widget.component';

/** One message: every string is a text binding, so names and texts never become markup. */
function line(w: TipchatWidget, message: ChatMessage, part: string) {
  const { tip, author, text } = message;
  return html`<li part=${tip ? `${part} tip` : part} class=${author.role} .style=${cssVars({ '--tier': tip?.color })}>
    ${tip ? html`<strong part="amount">${w.money(tip.amount, tip.currency)}</strong> ` : nothing}<bdi part="author">${author.displayName}</bdi>
    ${text ? html`<span part="text">${text}</span>` : nothing}
  </li>`;
}

/** A pinned tip in the ticker above the chat: amount and name in the tier colour; its message is in the chat. */
function chip(w: TipchatWidget, message: ChatMessage) {
  const { tip, author } = message;
  return html`<li part="pinned tip chip" .style=${cssVars({ '--tier': tip?.color })}>
    <strong part="amount">${tip ? w.money(tip.amount, tip.currency) : nothing}</strong> <bdi part="author">${author.displayName}</bdi>
  </li>`;
}

/**
 * The pinned message and, like a Super Chat ticker, chips of the tips pinned for their tier's
 * time above the list; the "new messages" jump below it.
 */
export function renderChat(w: TipchatWidget) {
  const { log } = w.session;
  const tips = log.pinnedTips(Date.now());
  return html`
    ${
      log.pinned || tips.length
        ? html`<ul part="pins" aria-label=${w.t('pinned')}>
          ${log.pinned ? line(w, log.pinned, 'pinned') : nothing}${tips.map((m) => chip(w, m))}
        </ul>`
        : nothing
    }
    <ol part="chat" aria-label=${w.t('chat')} tabindex="0" @scroll=${w.onScroll}>
      ${log.messages.length ? log.messages.map((m) => line(w, m, 'message')) : html`<li part="empty">${w.t('empty')}</li>`}
    </ol>
    ${w.unseen ? html`<button part="jump" @click=${w.jump}>${w.t('jump')} (${w.unseen})</button>` : nothing}
  `;
}
