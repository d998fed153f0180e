import type { ChargeCalculated } from '@overfly/schemas';
import type { InvoiceWriterErrorCode } from './errors.js';

export interface Rejection {
  code: InvoiceWriterErrorCode;
  reason: string;
}

// ISO 4217 alphabetic codes as ICU (bundled with Node) knows them; this covers every
// currency EUROCONTROL bills in, and refuses typos such as 'EUU' or lower case.
const ISO_4217 = new Set(Intl.supportedValuesOf('currency'));

// fir.crossings ids are `<icao24>-<first fix ms>-<sequence>-<FIR>` (packages/tracking).
const CROSSING_ID = /^([0-9a-f]{6})-\d+-\d+-[A-Za-z0-9_]+$/;

/**
 * Why a charge cannot be invoiced, or null when it can. A rejected charge goes to the dead
 * letters with this reason; nothing of it is written. EXEMPT and UNPRICED charges are not
 * rejections: they are recorded with their reason.
 */
export function validateCharge(charge: ChargeCalculated): Rejection | null {
  if (!Number.isFinite(charge.distanceKm) || charge.distanceKm < 0)
    return {
      code: 'INVOICE_WRITER_DISTANCE_INVALID',
      reason: `distanceKm ${charge.distanceKm} is negative`,
    };
  const crossing = CROSSING_ID.exec(charge.crossingId);
  if (!crossing)
    return {
      code: 'INVOICE_WRITER_CROSSING_ID_INVALID',
      reason: `crossingId '${charge.crossingId}' is not <icao24>-<ms>-<seq>-<FIR>`,
    };
  if (crossing[1] !== charge.icao24)
    return {
      code: 'INVOICE_WRITER_CROSSING_ID_INVALID',
      reason: `crossingId '${charge.crossingId}' is not of aircraft ${charge.icao24}`,
    };
  for (const money of [charge.amount, charge.unitRate]) {
    if (money && !ISO_4217.has(money.currency))
      return {
        code: 'INVOICE_WRITER_CURRENCY_UNKNOWN',
        reason: `currency '${money.currency}' is not an ISO 4217 code`,
      };
  }
  if (charge.status === 'PRICED') {
    if (!charge.amount)
      return { code: 'INVOICE_WRITER_AMOUNT_INVALID', reason: 'a PRICED charge has no amount' };
    if (!Number.isSafeInteger(charge.amount.amountMinor) || charge.amount.amountMinor < 0)
      return {
        code: 'INVOICE_WRITER_AMOUNT_INVALID',
        reason: `amount ${charge.amount.amountMinor} is not a non-negative integer`,
      };
  }
  return null;
}
