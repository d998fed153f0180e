// Money as a clerk reads it, written from the integer minor units: no float ever touches
// the amount, so 0.1 + 0.2 cannot show up on an invoice.

const exponents = new Map<string, number>();

/** ISO 4217 minor-unit digits of `currency` (EUR 2, JPY 0, KWD 3); 2 for a code ICU does not know. */
export function minorDigits(currency: string): number {
  let digits = exponents.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits;
    } catch {
      digits = 2;
    }
    exponents.set(currency, digits ?? 2);
  }
  return digits ?? 2;
}

const group = (digits: string) => digits.replace(/\B(?=(\d{3})+$)/g, ',');

/** `{ amountMinor: -123456, currency: 'EUR' }` → `-1,234.56 EUR`; a JPY amount has no decimals. */
export function formatMoney(money: { amountMinor: number; currency: string }): string {
  const digits = minorDigits(money.currency);
  const minor = BigInt(money.amountMinor);
  const sign = minor < 0n ? '-' : '';
  const text = (minor < 0n ? -minor : minor).toString().padStart(digits + 1, '0');
  const units = group(text.slice(0, text.length - digits));
  const fraction = digits > 0 ? `.${text.slice(text.length - digits)}` : '';
  return `${sign}${units}${fraction} ${money.currency}`;
}
