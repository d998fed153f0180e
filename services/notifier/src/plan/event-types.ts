import type { DisruptionEvent, InvoiceEvent, PassengerEvent } from '@overfly/schemas';

/**
 * The event type a webhook subscriber names: `passenger.rebooking_proposed`,
 * `disruption.detected`, `invoice.issued`. A subscription lists types, `<prefix>.*` for
 * all of one topic, or `*` for everything.
 */
export type WebhookEventType = string;

export const passengerEventType = (e: PassengerEvent): WebhookEventType =>
  `passenger.${e.type.toLowerCase()}`;

export const disruptionEventType = (e: DisruptionEvent): WebhookEventType =>
  `disruption.${e.lifecycle.toLowerCase()}`;

export const invoiceEventType = (e: InvoiceEvent): WebhookEventType =>
  `invoice.${e.type.toLowerCase()}`;

/** Whether a subscription's list takes this event type. */
export function subscribed(patterns: readonly string[], type: WebhookEventType): boolean {
  return patterns.some(
    (p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))),
  );
}
