import type { PassengerEventType } from '@overfly/schemas';

/** The passenger decisions that have a message (REBOOKED and UNKNOWN have none). */
export const passengerMessageKinds = [
  'REBOOKING_PROPOSED',
  'REFUND_OFFERED',
  'CARE_OFFERED',
  'CONNECTION_AT_RISK',
  'COMPENSATION_ASSESSED',
] as const satisfies readonly PassengerEventType[];

export type PassengerMessageKind = (typeof passengerMessageKinds)[number];

/** Messages to an operator's billing contact, from invoices.events ISSUED and OVERDUE. */
export const invoiceMessageKinds = ['INVOICE_ISSUED', 'INVOICE_OVERDUE'] as const;

export type InvoiceMessageKind = (typeof invoiceMessageKinds)[number];

export function isPassengerMessageKind(kind: string): kind is PassengerMessageKind {
  return (passengerMessageKinds as readonly string[]).includes(kind);
}

export function isInvoiceMessageKind(kind: string): kind is InvoiceMessageKind {
  return (invoiceMessageKinds as readonly string[]).includes(kind);
}
