import { html, nothing } from 'lit';
import { formatDateTime } from '../format';
import { LiveResource } from '../live-resource';
import { chatLine } from '../parts/chat-line';
import type { ChatMessage, Stream } from '../sdk';
import { empty, errorBox, loaded } from '../ui';
import { DashboardElement } from '../view';

/** Pages of chat history read at most to find a stream's messages. */
const MAX_CHAT_PAGES = 10;

/** One stream: when it ran, its tips (the feed, limited to the stream), and the chat while it ran. */
export class StreamView extends DashboardElement {
  static override properties = { streamId: { attribute: false } };

  streamId = '';
  private readonly stream = new LiveResource<Stream | null>(this, {
    load: async () => {
      const streams = await this.app.client.streams.list(this.slug, { limit: 100 });
      const stream = streams.find((candidate) => candidate.id === this.streamId) ?? null;
      if (stream) void this.chat.load(() => this.chatDuring(stream));
      return stream;
    },
    live: {
      'stream.ended': (stream, resource) => {
        if (stream.id === this.streamId) resource.set(stream);
      },
    },
  });
  /** Loaded once the stream is known (its times bound the messages). */
  private readonly chat = new LiveResource<ChatMessage[]>(this, {
    live: {
      'chat.message': (message, resource) => {
        const stream = this.stream.value;
        if (stream && !stream.endedAt && resource.value) resource.set([...resource.value, message]);
      },
      'chat.message_deleted': ({ messageId }, resource) => {
        if (resource.value) resource.set(resource.value.filter((m) => m.id !== messageId));
      },
    },
  });

  private get slug(): string {
    return this.app.channel?.slug ?? '';
  }

  /** The chat history is one log for the channel: read back from the newest page until the stream's start. */
  private async chatDuring(stream: Stream): Promise<ChatMessage[]> {
    const start = Date.parse(stream.startedAt);
    const end = stream.endedAt ? Date.parse(stream.endedAt) : Number.POSITIVE_INFINITY;
    const found: ChatMessage[] = [];
    let before: number | undefined;
    for (let page = 0; page < MAX_CHAT_PAGES; page++) {
      const history = await this.app.client.chat.history(this.slug, before === undefined ? { limit: 100 } : { before, limit: 100 });
      found.unshift(...history.messages.filter((m) => Date.parse(m.createdAt) >= start && Date.parse(m.createdAt) <= end));
      const oldest = history.messages[0];
      if (history.nextCursor === null || !oldest || Date.parse(oldest.createdAt) < start) break;
      before = history.nextCursor;
    }
    return found;
  }

  protected override render() {
    const { app } = this;
    if (this.stream.state === 'error')
      return html`<section class="page"><h1 tabindex="-1">${this.t('stream.title')}</h1>${errorBox(this.stream.error, () => void this.stream.reload(), app)}</section>`;
    if (this.stream.state === 'ready' && !this.stream.value) {
      return html`<section class="page"><h1 tabindex="-1">${this.t('stream.notFound')}</h1><p><a href=${app.path('overview')}>${this.t('notFound.back')}</a></p></section>`;
    }
    const stream = this.stream.value;
    return html`<section class="page">
      <div class="page-head">
        <h1 tabindex="-1">${stream?.title ?? this.t('stream.title')}</h1>
        ${stream && !stream.endedAt ? html`<span class="badge live">${this.t('common.live')}</span>` : nothing}
      </div>
      ${
        stream
          ? html`<p class="muted">${formatDateTime(stream.startedAt, app.locale)}${stream.endedAt ? ` – ${formatDateTime(stream.endedAt, app.locale)}` : ''}</p>
            <div class="grid two">
              <div class="card wide">
                <h2>${this.t('stream.tips')}</h2>
                <tipchat-dash-tip-feed .streamId=${stream.id}></tipchat-dash-tip-feed>
              </div>
              <div class="card wide">
                <h2>${this.t('stream.chat')}</h2>
                ${loaded(app, this.chat, (messages) =>
                  messages.length === 0
                    ? empty(this.t('stream.noChat'))
                    : html`<ol class="chat-log readonly">${messages.map((m) => html`<li class="chat-message ${m.tip ? 'tip' : ''}">${chatLine(app, m)}</li>`)}</ol>`,
                )}
              </div>
            </div>`
          : loaded(app, this.stream, () => nothing)
      }
    </section>`;
  }
}
