import { html, nothing } from 'lit';
import { formatDateTime } from '../format';
import { LiveResource } from '../live-resource';
import type { Beneficiary, BeneficiaryDetails } from '../sdk';
import { errorBox, formValues, loaded, submit } from '../ui';
import { Actions, DashboardElement } from '../view';

type Kind = BeneficiaryDetails['kind'];

/** Trimmed text, or nothing when empty: optional fields are left out rather than sent blank. */
const optional = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

/**
 * Where INR payouts go (Cashfree Payouts): bank accounts and UPI ids. Add one, verify it with the
 * bank (the answer names the account holder as the bank has it), replace its details, remove it.
 * Numbers go in once and only ever come back masked.
 */
export class EarnBeneficiaries extends DashboardElement {
  readonly beneficiaries = new LiveResource<Beneficiary[]>(this, {
    load: () => this.app.client.payouts.listBeneficiaries(),
    // The payout form offers the verified ones: tell the page whenever the list changes.
    changed: () => this.dispatchEvent(new Event('tipchat-dash-beneficiaries-changed', { bubbles: true })),
  });
  private readonly actions = new Actions(this);
  private kind: Kind = 'bank_account';
  /** The beneficiary whose details the form replaces, or null when it adds a new one. */
  private replacing: Beneficiary | null = null;

  private upsert(beneficiary: Beneficiary): void {
    const list = this.beneficiaries.value ?? [];
    const exists = list.some((b) => b.id === beneficiary.id);
    this.beneficiaries.set(exists ? list.map((b) => (b.id === beneficiary.id ? beneficiary : b)) : [...list, beneficiary]);
  }

  private async save(event: Event): Promise<void> {
    const form = event.currentTarget as HTMLFormElement;
    const v = formValues(event);
    const common = { name: v.name ?? '', pan: optional(v.pan), email: optional(v.email), phone: optional(v.phone) };
    const details: BeneficiaryDetails =
      this.kind === 'upi'
        ? { kind: 'upi', ...common, vpa: (v.vpa ?? '').trim() }
        : { kind: 'bank_account', ...common, accountNumber: (v.accountNumber ?? '').trim(), ifsc: (v.ifsc ?? '').trim().toUpperCase() };
    const replacing = this.replacing;
    const saved = await this.actions.run('save', () =>
      replacing ? this.app.client.payouts.updateBeneficiary(replacing.id, details) : this.app.client.payouts.addBeneficiary(details),
    );
    if (saved) {
      form.reset();
      this.replacing = null;
      this.upsert(saved);
      this.app.announce(this.t('benef.saved'));
    }
  }

  private async verify(beneficiary: Beneficiary): Promise<void> {
    const verified = await this.actions.run(beneficiary.id, () => this.app.client.payouts.verifyBeneficiary(beneficiary.id));
    if (verified) {
      this.upsert(verified);
      this.app.announce(this.t(`benef.verification.${verified.verification}`));
    }
  }

  private async removeBeneficiary(beneficiary: Beneficiary): Promise<void> {
    await this.app.dialog({
      title: this.t('benef.removeTitle', { name: beneficiary.name }),
      message: this.t('benef.removeConfirm'),
      danger: true,
      confirmLabel: this.t('common.remove'),
      run: async () => {
        await this.app.client.payouts.removeBeneficiary(beneficiary.id);
        this.beneficiaries.set((this.beneficiaries.value ?? []).filter((b) => b.id !== beneficiary.id));
      },
    });
  }

  private replace(beneficiary: Beneficiary): void {
    this.replacing = beneficiary;
    this.kind = beneficiary.kind;
    this.actions.clear('save');
    void this.updateComplete.then(() => this.querySelector<HTMLInputElement>('#benef-name')?.focus());
  }

  protected override render() {
    return html`${loaded(
      this.app,
      this.beneficiaries,
      (list) => html`<ul class="list beneficiaries">
        ${list.map((b) => this.renderBeneficiary(b))}
      </ul>`,
      { isEmpty: (list) => list.length === 0, emptyText: this.t('benef.none') },
    )}
      ${this.renderForm()}`;
  }

  private renderBeneficiary(b: Beneficiary) {
    const busy = this.actions.busy(b.id);
    return html`<li data-beneficiary=${b.id} data-verification=${b.verification}>
      <div>
        <strong>${b.name}</strong>
        <span class="muted">${b.kind === 'upi' ? b.vpaMasked : `${b.accountMasked ?? ''} · ${b.ifsc ?? ''}`}</span>
        <span class="badge ${b.verification === 'valid' ? 'ok' : b.verification === 'invalid' ? 'danger' : 'warn'}">${this.t(`benef.status.${b.verification}`)}</span>
        ${b.nameAtBank ? html`<p class="muted">${this.t('benef.nameAtBank', { name: b.nameAtBank })}${b.nameMatch ? ` (${b.nameMatch})` : ''}</p>` : nothing}
        ${b.verifiedAt ? html`<small class="muted">${this.t('benef.verifiedAt', { time: formatDateTime(b.verifiedAt, this.app.locale) })}</small>` : nothing}
      </div>
      <div class="row-actions">
        <button type="button" class="btn small" data-action="verify" ?disabled=${busy} @click=${() => this.verify(b)}>${busy ? this.t('common.working') : this.t('benef.verify')}</button>
        <button type="button" class="btn small" data-action="replace" @click=${() => this.replace(b)}>${this.t('benef.replace')}</button>
        <button type="button" class="btn small danger-outline" data-action="remove" @click=${() => this.removeBeneficiary(b)}>${this.t('common.remove')}</button>
      </div>
      ${errorBox(this.actions.error(b.id))}
    </li>`;
  }

  private renderForm() {
    const setKind = (event: Event) => {
      this.kind = (event.target as HTMLSelectElement).value === 'upi' ? 'upi' : 'bank_account';
      this.requestUpdate();
    };
    return html`<form class="beneficiary-form" @submit=${this.save} novalidate>
      <h3>${this.replacing ? this.t('benef.replaceTitle', { name: this.replacing.name }) : this.t('benef.addTitle')}</h3>
      <div class="row">
        <div class="field">
          <label for="benef-kind">${this.t('benef.kind')}</label>
          <select id="benef-kind" name="kind" @change=${setKind}>
            <option value="bank_account" ?selected=${this.kind === 'bank_account'}>${this.t('benef.bank')}</option>
            <option value="upi" ?selected=${this.kind === 'upi'}>${this.t('benef.upi')}</option>
          </select>
        </div>
        <div class="field grow">
          <label for="benef-name">${this.t('benef.name')}</label>
          <input id="benef-name" name="name" autocomplete="name" maxlength="100" required />
        </div>
      </div>
      ${
        this.kind === 'upi'
          ? html`<div class="field"><label for="benef-vpa">${this.t('benef.vpa')}</label><input id="benef-vpa" name="vpa" autocomplete="off" placeholder="name@bank" required /></div>`
          : html`<div class="row">
            <div class="field grow"><label for="benef-account">${this.t('benef.account')}</label><input id="benef-account" name="accountNumber" inputmode="numeric" autocomplete="off" required /></div>
            <div class="field"><label for="benef-ifsc">IFSC</label><input id="benef-ifsc" name="ifsc" autocomplete="off" maxlength="11" required /></div>
          </div>`
      }
      <div class="field">
        <label for="benef-pan">${this.t('benef.pan')}</label>
        <input id="benef-pan" name="pan" autocomplete="off" maxlength="10" aria-describedby="benef-pan-hint" />
        <small id="benef-pan-hint">${this.t('benef.panHint')}</small>
      </div>
      ${errorBox(this.actions.error('save'))}
      <div class="actions">
        ${submit(this.replacing ? this.t('benef.replace') : this.t('benef.add'), this.actions.busy('save'), this.t('common.saving'))}
        ${
          this.replacing
            ? html`<button type="button" class="btn" @click=${() => {
                this.replacing = null;
                this.requestUpdate();
              }}>${this.t('common.cancel')}</button>`
            : nothing
        }
      </div>
    </form>`;
  }
}
