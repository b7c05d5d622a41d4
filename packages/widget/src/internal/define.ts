/**
 * Registers a custom element unless that tag is already taken. A page can end up with the
 * script twice (a CMS block pasted twice, the script tag plus an ESM import); the second
 * registration must be a no-op, not a `NotSupportedError` that stops the rest of the page.
 */
export function define(tagName: string, element: CustomElementConstructor): void {
  if (typeof customElements === 'undefined') return;
  const existing = customElements.get(tagName);
  if (existing === undefined) {
    customElements.define(tagName, element);
  } else if (existing !== element) {
    // Two different copies (say two versions) on one page: the first wins, and the page author should know.
    console.warn(`[tipchat] <${tagName}> is already defined by another copy of tipchat; keeping the first one.`);
  }
}
