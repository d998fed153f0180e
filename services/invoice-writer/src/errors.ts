import { type CodeOf, defineErrors } from '@overfly/errors';

// Why invoice-writer refuses a charge (src/validate-charge.ts). A refused charge is thrown
// as kafka's RejectedMessageError and dead-lettered at once with one of these codes: the
// same record fails the same way, so none is retriable. Where charges refuses the same
// fault on a crossing, the name is the same after the prefix (CHARGES_DISTANCE_INVALID,
// CHARGES_CURRENCY_UNKNOWN). README.md lists every code; errors.test.ts keeps them in sync.
export const invoiceWriterErrors = defineErrors('INVOICE_WRITER', {
  DISTANCE_INVALID: {
    message: 'a charge distance is negative or not a finite number',
    retriable: false,
  },
  CROSSING_ID_INVALID: {
    message: 'a charge crossingId is not <icao24>-<ms>-<seq>-<FIR> of its own aircraft',
    retriable: false,
  },
  CURRENCY_UNKNOWN: {
    message: 'a charge amount or unit rate is in a currency that is not an ISO 4217 code',
    retriable: false,
  },
  AMOUNT_INVALID: {
    message: 'a PRICED charge has no amount, or one that is not a non-negative safe integer',
    retriable: false,
  },
});

export type InvoiceWriterErrorCode = CodeOf<typeof invoiceWriterErrors>;
