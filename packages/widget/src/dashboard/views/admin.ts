import { html } from 'lit';
import { tabPanel, tabs } from '../parts/tabs';
import type { DashboardKey } from '../strings/catalogs';
import { DashboardElement } from '../view';

const SECTIONS = ['accounts', 'totals', 'fee', 'reviews', 'refund', 'invites', 'audit'] as const;
type Section = (typeof SECTIONS)[number];

/**
 * The operator console (admin accounts only; the server refuses everyone else anyway): accounts and channels with
 * restrictions, platform totals, the fee, the review queue, refunds on a streamer's behalf, invites, the audit log.
 * The open section is in the URL (`?section=`), so a reload or a shared link opens the same one.
 */
export class AdminView extends DashboardElement {
  private get section(): Section {
    const asked = this.app.route.query.get('section');
    return (SECTIONS as readonly string[]).includes(asked ?? '') ? (asked as Section) : 'accounts';
  }

  private select(section: Section): void {
    this.app.navigate(`${this.app.path('admin')}?section=${section}`, { replace: true });
  }

  protected override render() {
    if (this.app.user?.role !== 'admin') {
      return html`<section class="narrow"><h1 tabindex="-1">${this.t('admin.title')}</h1><p>${this.t('admin.adminsOnly')}</p></section>`;
    }
    const section = this.section;
    return html`<section class="page">
      <h1 tabindex="-1">${this.t('admin.title')}</h1>
      ${tabs(
        'admin',
        this.t('admin.title'),
        SECTIONS.map((key) => [key, this.t(`admin.section.${key}` as DashboardKey)] as const),
        section,
        (key) => this.select(key),
      )}
      ${tabPanel('admin', section, html`<div class="card">${this.panel(section)}</div>`)}
    </section>`;
  }

  private panel(section: Section) {
    switch (section) {
      case 'accounts':
        return html`<tipchat-dash-admin-accounts></tipchat-dash-admin-accounts>`;
      case 'totals':
        return html`<tipchat-dash-admin-totals></tipchat-dash-admin-totals>`;
      case 'fee':
        return html`<tipchat-dash-admin-fee></tipchat-dash-admin-fee>`;
      case 'reviews':
        return html`<tipchat-dash-admin-reviews></tipchat-dash-admin-reviews>`;
      case 'refund':
        return html`<tipchat-dash-admin-refund></tipchat-dash-admin-refund>`;
      case 'invites':
        return html`<tipchat-dash-admin-invites></tipchat-dash-admin-invites>`;
      case 'audit':
        return html`<tipchat-dash-admin-audit></tipchat-dash-admin-audit>`;
    }
  }
}
