import { html, nothing } from 'lit';
import { formatDateTime } from '../format';
import { LiveResource } from '../live-resource';
import type { Stream } from '../sdk';
import { empty, errorBox, formValues, loaded, submit } from '../ui';
import { Actions, DashboardElement } from '../view';

/** The channel at a glance: live status with go live / end stream, recent streams, balances, the latest tips. */
export class OverviewView extends DashboardElement {
  private readonly actions = new Actions(this);
  private readonly streams = new LiveResource<Stream[]>(this, {
    load: () => this.app.client.streams.list(this.slug, { limit: 10 }),
    reloadOn: ['stream.started', 'stream.ended'],
  });

  private get slug(): string {
    return this.app.channel?.slug ?? '';
  }

  private async goLive(event: Event): Promise<void> {
    const { title = '' } = formValues(event);
    const stream = await this.actions.run('stream', () =>
      this.app.client.streams.start(this.slug, title.trim() ? { title: title.trim() } : {}),
    );
    const channel = this.app.channel;
    if (stream && channel) {
      this.app.setChannel({ ...channel, live: true, currentStream: stream });
      this.app.announce(this.t('overview.nowLive'));
      void this.streams.reload();
    }
  }

  private async endStream(stream: Stream): Promise<void> {
    const { app } = this;
    await app.dialog({
      title: this.t('overview.endTitle'),
      message: this.t('overview.endConfirm'),
      confirmLabel: this.t('overview.end'),
      danger: true,
      run: async () => {
        await app.client.streams.end(stream.id);
        const channel = app.channel;
        if (channel) app.setChannel({ ...channel, live: false, currentStream: null });
        app.announce(this.t('overview.ended'));
        void this.streams.reload();
      },
    });
  }

  protected override render() {
    const { app } = this;
    const channel = app.channel;
    const user = app.user;
    if (!channel) return nothing;
    return html`<section class="page">
      <div class="page-head">
        <h1 tabindex="-1">${channel.displayName}</h1>
        <span class="muted">/${channel.slug}</span>
      </div>
      ${user && !user.emailVerified ? html`<p class="notice" role="status">${this.t('overview.unverified')} <a href=${app.path('profile')}>${this.t('nav.profile')}</a></p>` : nothing}
      <div class="grid two">
        <div class="card" data-card="stream">
          <h2>${this.t('overview.streamTitle')}</h2>
          ${channel.live && channel.currentStream ? this.renderLive(channel.currentStream) : this.renderOffline()}
        </div>
        <tipchat-dash-balances class="card" data-card="balances"></tipchat-dash-balances>
        <div class="card wide" data-card="recent-tips">
          <div class="card-head">
            <h2>${this.t('overview.recentTips')}</h2>
            <a href=${app.path('tips')}>${this.t('overview.allTips')}</a>
          </div>
          <tipchat-dash-tip-feed compact></tipchat-dash-tip-feed>
        </div>
        <div class="card wide" data-card="streams">
          <h2>${this.t('overview.pastStreams')}</h2>
          ${loaded(app, this.streams, (streams) => this.renderStreams(streams), { isEmpty: (s) => s.length === 0, emptyText: this.t('overview.noStreams') })}
        </div>
      </div>
    </section>`;
  }

  private renderLive(stream: Stream) {
    return html`<p><span class="badge live">${this.t('common.live')}</span> <strong>${stream.title}</strong></p>
      <p class="muted">${this.t('overview.since', { time: formatDateTime(stream.startedAt, this.app.locale) })}</p>
      <div class="actions">
        <a class="btn" href=${this.app.path('stream', { id: stream.id })}>${this.t('overview.openStream')}</a>
        <button type="button" class="btn danger" data-action="end-stream" @click=${() => this.endStream(stream)}>${this.t('overview.end')}</button>
      </div>`;
  }

  private renderOffline() {
    return html`<form @submit=${this.goLive} novalidate>
      <p class="muted">${this.t('overview.offline')}</p>
      <div class="field">
        <label for="stream-title">${this.t('overview.titleLabel')}</label>
        <input id="stream-title" name="title" maxlength="140" placeholder=${this.t('overview.titlePlaceholder')} />
      </div>
      ${errorBox(this.actions.error('stream'))}
      <div class="actions">${submit(this.t('overview.goLive'), this.actions.busy('stream'), this.t('common.working'))}</div>
    </form>`;
  }

  private renderStreams(streams: Stream[]) {
    if (streams.length === 0) return empty(this.t('overview.noStreams'));
    const locale = this.app.locale;
    return html`<ul class="list streams">
      ${streams.map(
        (stream) => html`<li>
          <a href=${this.app.path('stream', { id: stream.id })}>${stream.title}</a>
          <span class="muted">${formatDateTime(stream.startedAt, locale)}${stream.endedAt ? ` – ${formatDateTime(stream.endedAt, locale)}` : ''}</span>
          ${stream.endedAt ? nothing : html`<span class="badge live">${this.t('common.live')}</span>`}
        </li>`,
      )}
    </ul>`;
  }
}
