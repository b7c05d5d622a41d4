/**
 * Translation without a library: each element family has its own catalogs (so the overlay
 * bundle carries no viewer strings), English is the source of the keys, and every other locale
 * must have all of them — the `Catalogs` type makes a missing key a compile error.
 */
export const LOCALES = ['en', 'hi'] as const;
export type Locale = (typeof LOCALES)[number];

export type Catalog<K extends string> = Readonly<Record<K, string>>;
export type Catalogs<K extends string> = Readonly<Record<Locale, Catalog<K>>>;

/**
 * The locale to use: the element's `lang` (or the nearest ancestor's, e.g. `<html lang="hi">`),
 * else the browser's, else English. `hi-IN` counts as `hi`.
 */
export function pickLocale(...candidates: (string | null | undefined)[]): Locale {
  for (const candidate of [...candidates, typeof navigator === 'undefined' ? undefined : navigator.language]) {
    const base = candidate?.toLowerCase().split('-')[0];
    if (base && (LOCALES as readonly string[]).includes(base)) return base as Locale;
  }
  return 'en';
}

/** The string for `key` in `locale`, with `{name}` placeholders filled in. Values are text, never HTML. */
export function translate<K extends string>(
  catalogs: Catalogs<K>,
  locale: Locale,
  key: K,
  params: Readonly<Record<string, string | number>> = {},
): string {
  const template = catalogs[locale][key] ?? catalogs.en[key];
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}
