import { decimalOf } from '../server/money.js';

/** `{ amountMinor: -123456, currency: 'EUR' }` → `-1,234.56 EUR`; a JPY amount has no decimals. */
export function formatMoney(money: { amountMinor: number; currency: string }): string {
  return `${decimalOf(money.amountMinor, money.currency, true)} ${money.currency}`;
}
