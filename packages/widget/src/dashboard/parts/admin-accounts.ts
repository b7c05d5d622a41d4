import { html, nothing } from 'lit';
import { formatDate } from '../format';
import type { OperatorChannelPage, OperatorUser, OperatorUserPage } from '../sdk';
import { formValues, loaded } from '../ui';
import { DashboardElement, Loader } from '../view';

const PAGE_SIZE = 25;

/**
 * The operator's accounts and channels: one search (email, name or channel slug) over both lists, a page at a time,
 * and restricting or lifting the restriction of a streamer, each with a required reason (kept in the audit log; the
 * restriction's reason is shown to the streamer).
 */
export class AdminAccounts extends DashboardElement {
  private readonly users = new Loader<OperatorUserPage>(this);
  private readonly channels = new Loader<OperatorChannelPage>(this);
  private query = '';
  private page = 1;

  override connectedCallback(): void {
    super.connectedCallback();
    this.load();
  }

  private load(): void {
    const query = { q: this.query || undefined, page: this.page, limit: PAGE_SIZE };
    void this.users.load(() => this.app.client.admin.users(query));
    void this.channels.load(() => this.app.client.admin.channels(query));
  }

  private search(event: Event): void {
    this.query = (formValues(event).q ?? '').trim();
    this.page = 1;
    this.load();
  }

  private go(page: number): void {
    this.page = page;
    this.load();
  }

  private async restrict(user: OperatorUser): Promise<void> {
    const { app } = this;
    const lifting = user.restriction !== null;
    const done = await app.dialog({
      title: this.t(lifting ? 'admin.unrestrictTitle' : 'admin.restrictTitle', { name: user.displayName }),
      message: this.t(lifting ? 'admin.unrestrictIntro' : 'admin.restrictIntro'),
      danger: !lifting,
      confirmLabel: this.t(lifting ? 'admin.unrestrict' : 'admin.restrict'),
      fields: [{ name: 'reason', label: this.t('admin.reason'), required: true }],
      run: async ({ reason = '' }) => {
        if (lifting) await app.client.admin.unrestrictUser(user.id, { reason });
        else await app.client.admin.restrictUser(user.id, { reason });
      },
    });
    if (done) {
      app.announce(this.t(lifting ? 'admin.unrestricted' : 'admin.restricted', { name: user.displayName }));
      this.load();
    }
  }

  protected override render() {
    const locale = this.app.locale;
    return html`<form class="inline" role="search" @submit=${this.search}>
        <label>${this.t('admin.search')} <input name="q" type="search" .value=${this.query} placeholder=${this.t('admin.searchHint')} /></label>
        <button type="submit" class="btn">${this.t('admin.searchSubmit')}</button>
      </form>
      <h3>${this.t('admin.accounts')}</h3>
      ${loaded(
        this.app,
        this.users,
        (page) => html`<div class="table-scroll"><table class="admin-users">
            <thead><tr>
              <th>${this.t('common.email')}</th><th>${this.t('common.displayName')}</th><th>${this.t('admin.channel')}</th>
              <th>${this.t('admin.role')}</th><th>${this.t('admin.state')}</th><th>${this.t('admin.joined')}</th><th></th>
            </tr></thead>
            <tbody>
              ${page.users.map(
                (user) => html`<tr data-user=${user.email}>
                  <td>${user.email}</td>
                  <td>${user.displayName}</td>
                  <td>${user.channel ? html`<a href="/c/${encodeURIComponent(user.channel.slug)}" target="_blank" rel="noopener">${user.channel.slug}</a>` : '—'}</td>
                  <td>${user.role}</td>
                  <td>${
                    user.restriction
                      ? html`<span class="badge warn">${this.t('admin.restrictedBadge')}</span> <span class="muted">${user.restriction.reason}</span>`
                      : user.status === 'restricted'
                        ? html`<span class="badge">${this.t('admin.deactivated')}</span>`
                        : this.t('admin.active')
                  }</td>
                  <td>${formatDate(user.createdAt, locale)}</td>
                  <td>${
                    user.role === 'admin'
                      ? nothing
                      : html`<button type="button" class="btn small ${user.restriction ? '' : 'danger'}" data-action=${user.restriction ? 'unrestrict' : 'restrict'}
                          @click=${() => void this.restrict(user)}>${this.t(user.restriction ? 'admin.unrestrict' : 'admin.restrict')}</button>`
                  }</td>
                </tr>`,
              )}
            </tbody>
          </table></div>
          ${this.pager(page.total)}`,
        { isEmpty: (page) => page.users.length === 0, emptyText: this.t('admin.noMatches') },
      )}
      <h3>${this.t('admin.channels')}</h3>
      ${loaded(
        this.app,
        this.channels,
        (page) => html`<div class="table-scroll"><table class="admin-channels">
          <thead><tr>
            <th>${this.t('admin.channel')}</th><th>${this.t('common.displayName')}</th><th>${this.t('admin.owner')}</th>
            <th>${this.t('admin.currency')}</th><th>${this.t('admin.state')}</th>
          </tr></thead>
          <tbody>
            ${page.channels.map(
              (channel) => html`<tr data-channel=${channel.slug}>
                <td>${channel.slug}</td><td>${channel.displayName}</td><td>${channel.ownerEmail}</td><td>${channel.currency}</td>
                <td>${channel.restricted ? html`<span class="badge warn">${this.t('admin.noTips')}</span>` : this.t('admin.takesTips')}</td>
              </tr>`,
            )}
          </tbody>
        </table></div>`,
        { isEmpty: (page) => page.channels.length === 0, emptyText: this.t('admin.noMatches') },
      )}`;
  }

  private pager(total: number) {
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    if (pages === 1) return nothing;
    return html`<p class="pager">
      <button type="button" class="btn small" ?disabled=${this.page <= 1} @click=${() => this.go(this.page - 1)}>${this.t('admin.previous')}</button>
      <span>${this.t('admin.pageOf', { page: this.page, pages })}</span>
      <button type="button" class="btn small" ?disabled=${this.page >= pages} @click=${() => this.go(this.page + 1)}>${this.t('admin.next')}</button>
    </p>`;
  }
}
