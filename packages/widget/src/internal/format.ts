/**
 * An amount in a currency's minor units (cents, paise, yen) as people read it, in their
 * locale: `formatAmount(150050, 'INR', 'hi')` → `₹1,500.50`. The number of minor digits comes
 * from Intl itself (2 for INR, 0 for JPY), so no currency table ships in the bundle.
 */
export function formatAmount(minor: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const major = minor / 10 ** digits;
  // Whole amounts without ".00": "₹500", not "₹500.00".
  if (Number.isInteger(major))
    return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(major);
  return format.format(major);
}

/** The other way, for a custom amount typed by a viewer: `'12.5'` in USD → 1250; null when it is not an amount. */
export function parseAmount(text: string, currency: string): number | null {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const match = /^\s*(\d{1,12})(?:[.,](\d+))?\s*$/.exec(text);
  if (!match?.[1]) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  return Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}
