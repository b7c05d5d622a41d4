import { html, nothing } from 'lit';
import type { DashboardApp } from '../app';
import { formatTime } from '../format';
import type { ChatMessage } from '../sdk';
import { cssVars } from '../ui';

/** One chat message as text (never HTML): time, author with their role, a tip's amount in its tier colour, the text. */
export function chatLine(app: DashboardApp, message: ChatMessage) {
  const time = formatTime(message.createdAt, app.locale);
  return html`<span class="chat-time"><time datetime=${message.createdAt}>${time}</time></span>
    ${message.tip ? html`<span class="amount" .style=${cssVars({ '--tier': message.tip.color })}>${app.money(message.tip.amount, message.tip.currency)}</span>` : nothing}
    <strong class="chat-author" data-role=${message.author.role}>${message.author.displayName}</strong>
    ${message.author.role === 'viewer' ? nothing : html`<span class="badge">${app.t(`chat.role.${message.author.role}`)}</span>`}
    <span class="chat-text">${message.text}</span>`;
}
