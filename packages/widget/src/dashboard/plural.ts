import type { Locale } from '../i18n/translate';

/**
 * `{n|tip|tips}` in a catalog string: the word for the count `n` by the locale's plural rules, so
 * English says "1 tip" and "2 tips". Runs on what `translate` returns (which leaves these alone,
 * as they are not plain `{name}` placeholders). Only the dashboard uses it: the viewer's bundle
 * stays without it.
 */
export function plural(text: string, locale: Locale, params: Readonly<Record<string, string | number>> = {}): string {
  if (!text.includes('|')) return text;
  const rules = new Intl.PluralRules(locale);
  return text.replace(/\{(\w+)\|([^|}]*)\|([^}]*)\}/g, (_match, name: string, one: string, other: string) =>
    rules.select(Number(params[name])) === 'one' ? one : other,
  );
}
