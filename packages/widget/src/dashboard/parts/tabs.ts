import { html } from 'lit';

/**
 * An accessible tab list: buttons with role="tab", the selected one in the tab order, arrow keys
 * (and Home/End) moving between them as the ARIA authoring practices describe.
 */
export function tabs<K extends string>(
  id: string,
  label: string,
  items: readonly (readonly [K, string])[],
  selected: K,
  select: (key: K) => void,
) {
  const keydown = (event: KeyboardEvent) => {
    const index = items.findIndex(([key]) => key === selected);
    const last = items.length - 1;
    const next =
      event.key === 'ArrowRight' || event.key === 'ArrowDown'
        ? index === last
          ? 0
          : index + 1
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
          ? index === 0
            ? last
            : index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : -1;
    const item = items[next];
    if (next === -1 || !item) return;
    event.preventDefault();
    select(item[0]);
    const list = event.currentTarget as HTMLElement;
    requestAnimationFrame(() => list.querySelector<HTMLElement>(`#${id}-tab-${item[0]}`)?.focus());
  };
  return html`<div class="tabs" role="tablist" aria-label=${label} @keydown=${keydown}>
    ${items.map(
      ([key, text]) => html`<button
        type="button"
        role="tab"
        id="${id}-tab-${key}"
        aria-selected=${key === selected ? 'true' : 'false'}
        aria-controls="${id}-panel"
        tabindex=${key === selected ? '0' : '-1'}
        @click=${() => select(key)}
      >${text}</button>`,
    )}
  </div>`;
}

/** The panel the tabs control; labelled by the selected tab. */
export function tabPanel(id: string, selected: string, content: unknown) {
  return html`<div class="tab-panel" role="tabpanel" id="${id}-panel" aria-labelledby="${id}-tab-${selected}" tabindex="0">${content}</div>`;
}
