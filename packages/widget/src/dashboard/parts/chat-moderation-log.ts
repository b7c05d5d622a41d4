import { html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { formatDuration } from '../format';
import { LiveResource } from '../live-resource';
import type { ChatHistory, ChatMessage } from '../sdk';
import { empty, errorBox, formValues, loading, submit } from '../ui';
import { Actions, DashboardElement } from '../view';
import { chatLine } from './chat-line';

/** Time-out lengths offered, in seconds. */
const TIMEOUTS = [60, 600, 3600, 86_400] as const;

/**
 * The channel's chat as the streamer moderates it: history and live messages, and on each
 * viewer's message delete, pin, time out and ban; the pinned message with unpin; clearing the
 * chat; and a send box to talk as the streamer.
 */
export class ChatModerationLog extends DashboardElement {
  private readonly history = new LiveResource<ChatHistory>(this, {
    load: () => this.app.client.chat.history(this.slug, { limit: 100 }),
    live: {
      'chat.message': (message, h) =>
        h.update((history) =>
          history.messages.some((m) => m.id === message.id) ? history : { ...history, messages: [...history.messages, message] },
        ),
      'chat.message_deleted': ({ messageId }, h) =>
        h.update((history) => ({ ...history, messages: history.messages.filter((m) => m.id !== messageId) })),
      'chat.messages_removed': ({ messageIds }, h) =>
        h.update((history) => ({ ...history, messages: history.messages.filter((m) => !messageIds.includes(m.id)) })),
      'chat.cleared': (_, h) => h.update((history) => ({ ...history, messages: [], nextCursor: null, pinned: null })),
      'chat.pinned': ({ message }, h) => h.update((history) => ({ ...history, pinned: message })),
      'chat.unpinned': ({ messageId }, h) =>
        h.update((history) => (history.pinned?.id === messageId ? { ...history, pinned: null } : history)),
    },
  });
  private loadingOlder = false;
  private readonly actions = new Actions(this);
  /** Whether the list was scrolled to the bottom before the latest render (then it follows new messages). */
  private atBottom = true;

  private get slug(): string {
    return this.app.channel?.slug ?? '';
  }

  private async loadOlder(): Promise<void> {
    const history = this.history.value;
    if (!history?.nextCursor) return;
    this.loadingOlder = true;
    this.requestUpdate();
    const older = await this.actions.run('older', () =>
      this.app.client.chat.history(this.slug, { before: history.nextCursor ?? undefined, limit: 100 }),
    );
    this.loadingOlder = false;
    if (older && this.history.value) {
      this.history.update((current) => {
        const known = new Set(current.messages.map((m) => m.id));
        return {
          ...current,
          messages: [...older.messages.filter((m) => !known.has(m.id)), ...current.messages],
          nextCursor: older.nextCursor,
        };
      });
      this.atBottom = false;
    }
    this.requestUpdate();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const list = this.querySelector('.chat-log');
    this.atBottom = !list || list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  }

  protected override updated(): void {
    const list = this.querySelector('.chat-log');
    if (list && this.atBottom) list.scrollTop = list.scrollHeight;
  }

  private act(key: string, action: () => Promise<unknown>, done?: string): void {
    void this.actions.run(key, action).then(() => {
      if (done && this.actions.done(key)) this.app.announce(done);
    });
  }

  private removeMessage(message: ChatMessage): void {
    this.act(
      `m:${message.id}`,
      async () => {
        await this.app.client.chat.delete(this.slug, message.id);
        this.history.update((history) => ({ ...history, messages: history.messages.filter((m) => m.id !== message.id) }));
      },
      this.t('chat.deleted'),
    );
  }

  private pin(message: ChatMessage): void {
    this.act(
      `m:${message.id}`,
      async () => {
        const pinned = await this.app.client.chat.pin(this.slug, message.id);
        this.history.update((history) => ({ ...history, pinned }));
      },
      this.t('chat.pinnedDone'),
    );
  }

  private unpin(): void {
    this.act('unpin', async () => {
      await this.app.client.chat.unpin(this.slug);
      this.history.update((history) => ({ ...history, pinned: null }));
    });
  }

  private async ban(message: ChatMessage, timeout: boolean): Promise<void> {
    const viewerId = message.author.viewerId;
    if (!viewerId) return;
    const { app } = this;
    const name = message.author.displayName;
    await app.dialog({
      title: timeout ? this.t('chat.timeoutTitle', { name }) : this.t('chat.banTitle', { name }),
      message: timeout ? this.t('chat.timeoutConfirm') : this.t('chat.banConfirm'),
      danger: !timeout,
      confirmLabel: timeout ? this.t('chat.timeout') : this.t('chat.ban'),
      fields: [
        ...(timeout
          ? [
              {
                name: 'duration',
                label: this.t('chat.duration'),
                type: 'select' as const,
                value: '600',
                options: TIMEOUTS.map((seconds) => ({ value: String(seconds), label: formatDuration(seconds, app.locale) })),
              },
            ]
          : []),
        { name: 'reason', label: this.t('chat.reason') },
        { name: 'deleteRecentMessages', label: this.t('chat.deleteRecent'), type: 'checkbox' as const, value: timeout ? '' : 'on' },
      ],
      run: async ({ duration, reason = '', deleteRecentMessages }) => {
        await app.client.moderation.ban(this.slug, {
          viewerId,
          ...(reason.trim() ? { reason: reason.trim() } : {}),
          ...(timeout ? { durationSeconds: Number(duration) } : {}),
          deleteRecentMessages: deleteRecentMessages === 'on',
        });
        app.announce(timeout ? this.t('chat.timedOut', { name }) : this.t('chat.banned', { name }));
      },
    });
  }

  private async clear(): Promise<void> {
    await this.app.dialog({
      title: this.t('chat.clearTitle'),
      message: this.t('chat.clearConfirm'),
      danger: true,
      confirmLabel: this.t('chat.clear'),
      run: () => this.app.client.chat.clear(this.slug),
    });
  }

  private async send(event: Event): Promise<void> {
    const form = event.currentTarget as HTMLFormElement;
    const { text = '' } = formValues(event);
    if (!text.trim()) return;
    const message = await this.actions.run('send', () => this.app.client.chat.send(this.slug, text));
    if (message) {
      form.reset();
      this.history.update((history) =>
        history.messages.some((m) => m.id === message.id) ? history : { ...history, messages: [...history.messages, message] },
      );
      this.atBottom = true;
      this.requestUpdate();
    }
  }

  protected override render() {
    const history = this.history;
    if (history.state === 'error') return errorBox(history.error, () => void history.reload(), this.app);
    if (history.loading || !history.value) return loading(this.app);
    const { messages, pinned, nextCursor } = history.value;
    return html`<div class="chat-mod">
      ${
        pinned
          ? html`<div class="pinned" data-message-id=${pinned.id}>
            <span class="badge">${this.t('chat.pinned')}</span> ${pinned.author.displayName}: ${pinned.text}
            <button type="button" class="btn small" data-action="unpin" @click=${this.unpin}>${this.t('chat.unpin')}</button>
            ${errorBox(this.actions.error('unpin'))}
          </div>`
          : nothing
      }
      ${nextCursor ? html`<button type="button" class="btn small" data-action="older" ?disabled=${this.loadingOlder} @click=${this.loadOlder}>${this.t('chat.older')}</button>` : nothing}
      ${errorBox(this.actions.error('older'))}
      ${
        messages.length === 0
          ? empty(this.t('chat.empty'))
          : html`<ol class="chat-log" aria-label=${this.t('chat.logLabel')} tabindex="0">
            ${repeat(
              messages,
              (m) => m.id,
              (m) => this.renderMessage(m),
            )}
          </ol>`
      }
      <form class="composer" @submit=${this.send} novalidate>
        <label class="visually-hidden" for="chat-send">${this.t('chat.sendLabel')}</label>
        <input id="chat-send" name="text" autocomplete="off" maxlength="2000" placeholder=${this.t('chat.sendPlaceholder')} />
        ${submit(this.t('chat.send'), this.actions.busy('send'), this.t('common.working'))}
        <button type="button" class="btn danger-outline" data-action="clear-chat" @click=${this.clear}>${this.t('chat.clear')}</button>
      </form>
      ${errorBox(this.actions.error('send'))}
    </div>`;
  }

  private renderMessage(message: ChatMessage) {
    const key = `m:${message.id}`;
    const busy = this.actions.busy(key);
    const moderatable = message.author.viewerId !== null && message.author.role === 'viewer';
    return html`<li class="chat-message ${message.tip ? 'tip' : ''}" data-message-id=${message.id} data-author=${message.author.displayName}>
      <div class="chat-body">${chatLine(this.app, message)}</div>
      <div class="chat-actions" role="group" aria-label=${this.t('chat.actionsFor', { name: message.author.displayName })}>
        <button type="button" class="btn tiny" data-action="delete" ?disabled=${busy} @click=${() => this.removeMessage(message)}>${this.t('chat.delete')}</button>
        <button type="button" class="btn tiny" data-action="pin" ?disabled=${busy} @click=${() => this.pin(message)}>${this.t('chat.pin')}</button>
        ${
          moderatable
            ? html`<button type="button" class="btn tiny" data-action="timeout" @click=${() => this.ban(message, true)}>${this.t('chat.timeout')}</button>
              <button type="button" class="btn tiny danger-outline" data-action="ban" @click=${() => this.ban(message, false)}>${this.t('chat.ban')}</button>`
            : nothing
        }
      </div>
      ${errorBox(this.actions.error(key))}
    </li>`;
  }
}
