/**
 * Text for people: money in a currency's own minor units and the reader's locale, dates, usage
 * quantities. Everything the pages print goes through `esc`.
 */
export const esc = (s: unknown): string => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A locale for a workspace: its country with English (en-IN groups lakhs: ₹1,00,000.00). */
export function localeFor(country: string | undefined, acceptLanguage?: string): string {
  const cc = (country ?? '').toUpperCase();
  const candidates = [
    /^[A-Z]{2}$/.test(cc) ? `en-${cc}` : '',
    ...(acceptLanguage ?? '').split(',').map((l) => l.split(';')[0].trim()),
    'en-US',
  ];
  for (const c of candidates) {
    if (!c) continue;
    try {
      if (Intl.NumberFormat.supportedLocalesOf([c]).length) return c;
    } catch {
      // not a locale tag
    }
  }
  return 'en-US';
}

/** Integer minor units as the currency is written: 399900 INR → ₹3,999.00, 4900 USD → $49.00, 500 JPY → ¥500. */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const fmt = new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() });
  const digits = fmt.resolvedOptions().maximumFractionDigits ?? 2;
  return fmt.format(minor / 10 ** digits);
}

export function formatDate(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
}

/** An exact decimal quantity (a string) grouped for reading, without float rounding of its digits. */
export function formatQuantity(value: string, locale: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
  if (!m) return esc(value);
  const whole = new Intl.NumberFormat(locale, { useGrouping: true, maximumFractionDigits: 0 }).format(BigInt(m[2]));
  const point = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  return `${m[1]}${whole}${m[3] ? point + m[3] : ''}`;
}
