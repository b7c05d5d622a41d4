import { html } from 'lit';
import { LiveResource } from '../live-resource';
import type { BlockedTerm } from '../sdk';
import { errorBox, formValues, loaded, submit } from '../ui';
import { Actions, DashboardElement } from '../view';

/** Blocked words and patterns: messages and tip messages containing them are refused or held. */
export class ModTerms extends DashboardElement {
  private readonly terms = new LiveResource<BlockedTerm[]>(this, {
    load: () => this.app.client.moderation.listBlockedTerms(this.slug),
    reloadOn: ['moderation.changed'],
  });
  private readonly actions = new Actions(this);

  private get slug(): string {
    return this.app.channel?.slug ?? '';
  }

  private async add(event: Event): Promise<void> {
    const form = event.currentTarget as HTMLFormElement;
    const { term = '', kind = 'word' } = formValues(event);
    const added = await this.actions.run('add', () =>
      this.app.client.moderation.addBlockedTerm(this.slug, { term, kind: kind === 'pattern' ? 'pattern' : 'word' }),
    );
    if (added) {
      form.reset();
      this.terms.set([...(this.terms.value ?? []).filter((t) => t.id !== added.id), added]);
    }
  }

  private async removeTerm(term: BlockedTerm): Promise<void> {
    await this.actions.run(term.id, () => this.app.client.moderation.removeBlockedTerm(this.slug, term.id));
    if (this.actions.done(term.id)) this.terms.set((this.terms.value ?? []).filter((t) => t.id !== term.id));
  }

  protected override render() {
    return html`${loaded(
      this.app,
      this.terms,
      (terms) => html`<ul class="list terms">
        ${terms.map(
          (term) => html`<li data-term=${term.term}>
            <div><code>${term.term}</code> <span class="badge">${term.kind === 'pattern' ? this.t('mod.pattern') : this.t('mod.word')}</span></div>
            <button type="button" class="btn small" data-action="remove-term" ?disabled=${this.actions.busy(term.id)} @click=${() => this.removeTerm(term)}>${this.t('common.remove')}</button>
            ${errorBox(this.actions.error(term.id))}
          </li>`,
        )}
      </ul>`,
      { isEmpty: (t) => t.length === 0, emptyText: this.t('mod.noTerms') },
    )}
      <form class="inline-form" @submit=${this.add} novalidate>
        <div class="field grow">
          <label for="term-text">${this.t('mod.term')}</label>
          <input id="term-text" name="term" maxlength="100" required aria-describedby="term-hint" />
          <small id="term-hint">${this.t('mod.termHint')}</small>
        </div>
        <div class="field">
          <label for="term-kind">${this.t('mod.kind')}</label>
          <select id="term-kind" name="kind">
            <option value="word">${this.t('mod.word')}</option>
            <option value="pattern">${this.t('mod.pattern')}</option>
          </select>
        </div>
        ${submit(this.t('common.add'), this.actions.busy('add'), this.t('common.working'))}
      </form>
      ${errorBox(this.actions.error('add'))}`;
  }
}
