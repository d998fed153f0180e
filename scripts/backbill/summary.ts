import { currencyExponent } from '@overfly/charges';
import type { BackbillResult } from './charges-of-recordings.js';

/** One line for the operator: what was read, what was priced, and the money per currency. */
export function summarise(result: BackbillResult, what: string): string {
  const totals = new Map<string, number>();
  let priced = 0;
  for (const c of result.charges) {
    if (c.status !== 'PRICED' || !c.amount) continue;
    priced++;
    totals.set(c.amount.currency, (totals.get(c.amount.currency) ?? 0) + c.amount.amountMinor);
  }
  const money = [...totals]
    .map(
      ([currency, minor]) =>
        `${(minor / 10 ** (currencyExponent(currency) ?? 2)).toFixed(currencyExponent(currency) ?? 2)} ${currency}`,
    )
    .join(', ');
  return (
    `${result.positions} positions (${result.invalidRows} invalid rows, ${result.rejectedByEngine} rejected by the engine), ` +
    `${result.passages.length} charging-zone passages: ${result.charges.length} charges ${what}, ${priced} priced${money ? ` (${money})` : ''}`
  );
}
