import { html, nothing } from 'lit';
import { majorText, parseAmount } from '../format';
import { LiveResource } from '../live-resource';
import type { TipTier } from '../sdk';
import { cssVars, errorBox, loaded, saved } from '../ui';
import { Actions, DashboardElement } from '../view';

interface Tiers {
  tiers: TipTier[];
  custom: boolean;
}

/** A tier as edited: the amount stays text until saved. */
interface TierDraft extends Omit<TipTier, 'minAmount'> {
  minAmount: string;
}

type NumberField = 'pinSeconds' | 'maxMessageLength' | 'alertSeconds';

/**
 * Tip tiers: by amount, a tip's colour in chat, how long it stays pinned, its longest message and
 * how long its alert plays. Edit, add or remove tiers and save them, or go back to the currency's defaults.
 */
export class SettingsTiers extends DashboardElement {
  private readonly loader = new LiveResource<Tiers>(this, {
    load: async () => {
      const tiers = await this.app.client.tips.tiers(this.slug);
      this.edit(tiers);
      return tiers;
    },
  });
  private readonly actions = new Actions(this);
  private drafts: TierDraft[] = [];

  private get slug(): string {
    return this.app.channel?.slug ?? '';
  }

  private get currency(): string {
    return this.app.channel?.currency ?? 'USD';
  }

  private edit(tiers: Tiers): void {
    this.drafts = tiers.tiers.map((tier) => ({ ...tier, minAmount: majorText(tier.minAmount, this.currency) }));
    this.requestUpdate();
  }

  private editTier(index: number, change: Partial<TierDraft>): void {
    this.drafts = this.drafts.map((draft, i) => (i === index ? { ...draft, ...change } : draft));
    this.actions.clear('save');
  }

  private add(): void {
    const last = this.drafts[this.drafts.length - 1];
    this.drafts = [
      ...this.drafts,
      { ...(last ?? { color: '#1e88e5', pinSeconds: 0, maxMessageLength: 50, alertSeconds: 5 }), minAmount: '' },
    ];
    this.requestUpdate();
  }

  private removeAt(index: number): void {
    this.drafts = this.drafts.filter((_, i) => i !== index);
    this.requestUpdate();
  }

  private async save(event: Event): Promise<void> {
    event.preventDefault();
    const saved = await this.actions.run('save', () => {
      const tiers = this.drafts.map((draft) => {
        const minAmount = parseAmount(draft.minAmount, this.currency);
        if (minAmount === null) throw new Error(this.t('common.notAnAmount', { value: draft.minAmount }));
        return { ...draft, minAmount };
      });
      return this.app.client.tips.setTiers(this.slug, tiers);
    });
    if (saved) {
      this.loader.set(saved);
      this.edit(saved);
    }
  }

  private async useDefaults(): Promise<void> {
    const saved = await this.actions.run('save', () => this.app.client.tips.setTiers(this.slug, null));
    if (saved) {
      this.loader.set(saved);
      this.edit(saved);
    }
  }

  protected override render() {
    return loaded(
      this.app,
      this.loader,
      (tiers) => html`<form @submit=${this.save} novalidate>
        <p class="muted">${tiers.custom ? this.t('tiers.custom') : this.t('tiers.defaults')}</p>
        <div class="table-scroll">
          <table class="tiers">
            <thead>
              <tr>
                <th scope="col">${this.t('tiers.from', { currency: this.currency })}</th>
                <th scope="col">${this.t('tiers.color')}</th>
                <th scope="col">${this.t('tiers.pinSeconds')}</th>
                <th scope="col">${this.t('tiers.maxMessageLength')}</th>
                <th scope="col">${this.t('tiers.alertSeconds')}</th>
                <th scope="col"><span class="visually-hidden">${this.t('common.remove')}</span></th>
              </tr>
            </thead>
            <tbody>
              ${this.drafts.map((draft, i) => this.renderRow(draft, i))}
            </tbody>
          </table>
        </div>
        ${errorBox(this.actions.error('save'))}
        <div class="actions">
          <button type="button" class="btn" data-action="add-tier" ?disabled=${this.drafts.length >= 10} @click=${this.add}>${this.t('tiers.add')}</button>
          <button type="submit" class="btn primary" ?disabled=${this.actions.busy('save')}>${this.t('common.save')}</button>
          <button type="button" class="btn" data-action="default-tiers" ?disabled=${this.actions.busy('save')} @click=${this.useDefaults}>${this.t('tiers.useDefaults')}</button>
          ${saved(this.actions.done('save'), this.t('common.saved'))}
        </div>
      </form>`,
    );
  }

  private renderRow(draft: TierDraft, i: number) {
    const label = (what: string) => this.t('tiers.cell', { n: i + 1, what });
    const number = (field: NumberField, min: number, max: number) =>
      html`<input type="number" min=${min} max=${max} step="1" .value=${String(draft[field])} aria-label=${label(this.t(`tiers.${field}`))}
        @change=${(event: Event) => this.editTier(i, { [field]: Number((event.target as HTMLInputElement).value) })} />`;
    // data-label: on a phone the row is a card, each cell captioned by its column's header (styles/settings.ts).
    return html`<tr data-tier=${i}>
      <td data-label=${this.t('tiers.from', { currency: this.currency })}>
        <input inputmode="decimal" .value=${draft.minAmount} aria-label=${label(this.t('tiers.from', { currency: this.currency }))} ?readonly=${i === 0}
          @change=${(event: Event) => this.editTier(i, { minAmount: (event.target as HTMLInputElement).value })} />
      </td>
      <td data-label=${this.t('tiers.color')}>
        <span class="swatch" .style=${cssVars({ '--tier': draft.color })}></span>
        <input type="color" .value=${draft.color} aria-label=${label(this.t('tiers.color'))}
          @change=${(event: Event) => this.editTier(i, { color: (event.target as HTMLInputElement).value })} />
      </td>
      <td data-label=${this.t('tiers.pinSeconds')}>${number('pinSeconds', 0, 14_400)}</td>
      <td data-label=${this.t('tiers.maxMessageLength')}>${number('maxMessageLength', 0, 500)}</td>
      <td data-label=${this.t('tiers.alertSeconds')}>${number('alertSeconds', 1, 60)}</td>
      <td class="tier-remove">${i === 0 ? nothing : html`<button type="button" class="btn tiny" data-action="remove-tier" @click=${() => this.removeAt(i)}>${this.t('common.remove')}</button>`}</td>
    </tr>`;
  }
}
