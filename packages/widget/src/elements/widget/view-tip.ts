import { html, nothing } from 'lit';
import { messageLimit, type TipFlow } from './tip-flow';
import type { TipchatWidget } from './widget.component';

type Field = 'custom' | 'message' | 'name';

const edit = (w: TipchatWidget, field: Field) => (event: Event) => {
  w.tips[field] = (event.target as HTMLInputElement).value;
  w.tips.requote();
  w.requestUpdate();
};

/**
 * Presets, a custom amount and the name side by side, the message (its tier's limit counted live),
 * and the fee quoted before paying: all of it fits the widget's default height without scrolling.
 */
function form(w: TipchatWidget, f: TipFlow) {
  const { options: o, amount } = f;
  if (!o) return nothing;
  const limit = amount ? messageLimit(o, amount) : 0;
  const length = [...f.message].length;
  const problem =
    !amount || amount < o.minTip
      ? w.t('min', { amount: w.money(o.minTip) })
      : amount > o.maxTip
        ? w.t('max', { amount: w.money(o.maxTip) })
        : '';
  const fee = f.quote?.amount === amount ? w.t('fee', { fee: w.money(f.quote.fee), net: w.money(f.quote.net) }) : '';
  return html`<form @submit=${w.onTip}>
    <div part="presets" role="group" aria-label=${w.t('amount')}>
      ${o.presets.map(
        (preset) =>
          html`<button type="button" part="preset" aria-pressed=${!f.custom.trim() && preset === f.preset} @click=${() => w.pickPreset(preset)}>${w.money(preset)}</button>`,
      )}
    </div>
    <label class="half">${w.t('other')}<input part="input" name="amount" inputmode="decimal" autocomplete="off" .value=${f.custom} @input=${edit(w, 'custom')} /></label>
    <label class="half">${w.t('you')}<input part="input" name="name" required maxlength="32" autocomplete="nickname" .value=${f.name} @input=${edit(w, 'name')} /></label>
    <label
      >${w.t('message')} <span part="counter" class=${length > limit ? 'over' : ''}>${length}/${limit}</span>
      <textarea part="input" name="message" rows="2" .value=${f.message} @input=${edit(w, 'message')}></textarea>
    </label>
    <p part="fee" role="status">${problem || fee} ${f.error}</p>
    <button part="pay" ?disabled=${!!problem || length > limit || !f.name.trim()}>${w.t('pay', { amount: amount ? w.money(amount) : '' })}</button>
  </form>`;
}

/** The provider's step: the dev provider's outcome buttons, or the slot Stripe's Payment Element is mounted into. */
function pay(w: TipchatWidget, f: TipFlow) {
  const tip = f.tip;
  if (!tip) return nothing;
  const fee = html`<p part="fee">${w.money(tip.tip.amount)} · ${w.t('fee', { fee: w.money(tip.fee.fee), net: w.money(tip.fee.net) })}</p>`;
  const buttons =
    tip.next?.type === 'dev_checkout'
      ? html`<p>${w.t('dev')}</p>
          <div class="row">
            <button part="pay" @click=${() => f.pay('succeed')}>${w.t('succeed')}</button>
            <button @click=${() => f.pay('decline')}>${w.t('decline')}</button>
            <button @click=${() => f.pay('succeed_later')}>${w.t('later')}</button>
          </div>`
      : html`<div class="row"><slot name="payment"></slot><button part="pay" @click=${() => f.pay()}>${w.t('succeed')}</button></div>`;
  return html`${fee}${buttons}<p part="fee" role="alert">${f.error}</p>`;
}

/** The tip panel over the chat, one step at a time. */
export function renderTipForm(w: TipchatWidget) {
  const f = w.tips;
  const { step } = f;
  const amount = f.tip ? w.money(f.tip.tip.amount) : '';
  const body =
    step === 'form'
      ? form(w, f)
      : step === 'pay'
        ? pay(w, f)
        : step === 'done'
          ? html`<p part="result" class="ok" role="status">${w.t('thanks', { amount })}</p>`
          : step === 'failed'
            ? html`<p part="result" class="bad" role="alert">${w.t('failed')}${f.error ? `: ${f.error}` : ''}</p>
                <button part="pay" @click=${() => f.retry()}>${w.t('retry')}</button>`
            : step === 'pending'
              ? html`<p part="result" role="status">${w.t('pending')}</p>`
              : html`<p part="result" role="status" aria-busy="true">${w.t(step === 'loading' ? 'loading' : 'waiting')}</p>`;
  return html`<div part="tip-form" role="dialog" aria-label=${w.t('tip')}>
    <div class="row">
      <h3>${w.t('tip')}</h3>
      <button part="close" aria-label=${w.t('close')} @click=${w.closeTip}>✕</button>
    </div>
    ${body}
  </div>`;
}
