import type { DisruptionEvent, InvoiceEvent, PassengerEvent } from '@overfly/schemas';
import type { PlannedDelivery } from '../ledger/delivery.js';
import {
  disruptionEventType,
  invoiceEventType,
  passengerEventType,
  subscribed,
  type WebhookEventType,
} from './event-types.js';

/** A webhook subscriber as the planner needs it: who, and which event types. */
export interface Subscriber {
  id: string;
  eventTypes: readonly string[];
}

/** Passenger decisions that cannot wait for an e-mail to be read: also by SMS. */
const URGENT: ReadonlySet<PassengerEvent['type']> = new Set([
  'REBOOKING_PROPOSED',
  'CONNECTION_AT_RISK',
  'CARE_OFFERED',
]);

/** Passenger decisions a passenger is told of (REBOOKED, UNKNOWN: no message of their own). */
const PASSENGER_KINDS: ReadonlySet<PassengerEvent['type']> = new Set([
  'COMPENSATION_ASSESSED',
  'REBOOKING_PROPOSED',
  'CARE_OFFERED',
  'REFUND_OFFERED',
  'CONNECTION_AT_RISK',
]);

/** Invoice events the operator's billing contact is told of, and the message kind of each. */
const INVOICE_KINDS: Partial<Record<InvoiceEvent['type'], string>> = {
  ISSUED: 'INVOICE_ISSUED',
  OVERDUE: 'INVOICE_OVERDUE',
};

const webhooks = (subscribers: readonly Subscriber[], type: WebhookEventType) =>
  subscribers
    .filter((s) => subscribed(s.eventTypes, type))
    .map((s): PlannedDelivery => ({ channel: 'WEBHOOK', recipientRef: s.id, kind: type }));

/**
 * Who hears of a passenger decision: the passenger by e-mail (and by SMS when it is urgent),
 * in their language, resolved from contactRef at send time; a passenger without one is
 * recorded as not told (SUPPRESSED). Webhook subscribers of its type get the event.
 */
export function planPassenger(
  e: PassengerEvent,
  subscribers: readonly Subscriber[],
): PlannedDelivery[] {
  const out: PlannedDelivery[] = [];
  if (PASSENGER_KINDS.has(e.type)) {
    if (e.contactRef === null)
      out.push({
        channel: 'EMAIL',
        recipientRef: `passenger:${e.passengerId}`,
        kind: e.type,
        suppressedBecause: 'the passenger left no contact (contactRef null)',
      });
    else {
      out.push({ channel: 'EMAIL', recipientRef: e.contactRef, kind: e.type });
      if (URGENT.has(e.type))
        out.push({ channel: 'SMS', recipientRef: e.contactRef, kind: e.type });
    }
  }
  out.push(...webhooks(subscribers, passengerEventType(e)));
  return out;
}

/** An issued or overdue invoice: the operator's billing contact by e-mail; webhooks by type. */
export function planInvoice(
  e: InvoiceEvent,
  subscribers: readonly Subscriber[],
): PlannedDelivery[] {
  const kind = e.documentType === 'INVOICE' ? INVOICE_KINDS[e.type] : undefined;
  const out: PlannedDelivery[] = kind
    ? [{ channel: 'EMAIL', recipientRef: `operator:${e.operatorIcao}`, kind }]
    : [];
  // A document's lines come one event each (an invoice of 10,000 lines is 10,000 events):
  // its content, not news; a subscriber hears of the document once, when it is issued.
  if (e.type !== 'LINE_ADDED') out.push(...webhooks(subscribers, invoiceEventType(e)));
  return out;
}

/** A disruption goes to the systems subscribed to it (passengers hear of their own decisions). */
export function planDisruption(
  e: DisruptionEvent,
  subscribers: readonly Subscriber[],
): PlannedDelivery[] {
  return webhooks(subscribers, disruptionEventType(e));
}
