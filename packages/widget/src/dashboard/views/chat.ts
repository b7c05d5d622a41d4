import { html } from 'lit';
import { tabPanel, tabs } from '../parts/tabs';
import type { DashboardKey } from '../strings/catalogs';
import { DashboardElement } from '../view';

type Panel = 'bans' | 'moderators' | 'terms' | 'settings' | 'audit';

const PANELS: readonly [Panel, DashboardKey][] = [
  ['bans', 'mod.bans'],
  ['moderators', 'mod.moderators'],
  ['terms', 'mod.terms'],
  ['settings', 'mod.settings'],
  ['audit', 'mod.audit'],
];

/** Live chat moderation: the chat with per-message actions beside the bans, moderators, blocked terms, chat settings and audit log. */
export class ChatView extends DashboardElement {
  private panel: Panel = 'bans';

  protected override render() {
    const select = (panel: Panel) => {
      this.panel = panel;
      this.requestUpdate();
    };
    const content = {
      bans: html`<tipchat-dash-mod-bans></tipchat-dash-mod-bans>`,
      moderators: html`<tipchat-dash-mod-moderators></tipchat-dash-mod-moderators>`,
      terms: html`<tipchat-dash-mod-terms></tipchat-dash-mod-terms>`,
      settings: html`<tipchat-dash-mod-settings></tipchat-dash-mod-settings>`,
      audit: html`<tipchat-dash-mod-audit></tipchat-dash-mod-audit>`,
    }[this.panel];
    return html`<section class="page">
      <h1 tabindex="-1">${this.t('chat.title')}</h1>
      <div class="split">
        <div class="card chat-card">
          <h2>${this.t('chat.live')}</h2>
          <tipchat-dash-chat-log></tipchat-dash-chat-log>
        </div>
        <div class="card">
          ${tabs(
            'mod',
            this.t('chat.tools'),
            PANELS.map(([key, label]) => [key, this.t(label)] as const),
            this.panel,
            select,
          )}
          ${tabPanel('mod', this.panel, content)}
        </div>
      </div>
    </section>`;
  }
}
