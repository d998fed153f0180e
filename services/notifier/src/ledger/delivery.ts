import { createHash } from 'node:crypto';

/** The channels a notification goes out on (notifications.avsc's NotificationChannel). */
export type Channel = 'EMAIL' | 'SMS' | 'WEBHOOK';

/** The topics the notifier reads. */
export type SourceTopic = 'passenger.events' | 'invoices.events' | 'disruption.events';

/**
 * A row's state. SENDING is the notifier's own: claimed by a dispatcher and being sent;
 * on `notifications` it reads PENDING.
 */
export type DeliveryStatus =
  | 'PENDING'
  | 'SENDING'
  | 'SENT'
  | 'DELIVERED'
  | 'FAILED'
  | 'DEAD_LETTERED'
  | 'SUPPRESSED';

/** One notification to send: what the planner makes of an event, one per recipient and channel. */
export interface PlannedDelivery {
  channel: Channel;
  /** Opaque: a passenger's contactRef, an operator's ICAO code, a webhook subscription id. */
  recipientRef: string;
  /** The message kind, which picks the template (e.g. REBOOKING_PROPOSED, INVOICE_ISSUED). */
  kind: string;
  /** Set when the notification is known not to go out (e.g. no contact): recorded, not sent. */
  suppressedBecause?: string;
}

/** Where the event came from: its coordinates (for a dead letter) and its id. */
export interface SourceOf {
  topic: SourceTopic;
  partition: number;
  offset: string;
  key: string | null;
  eventId: string;
  event: unknown;
}

/** A row of the ledger as the dispatcher and the relay read it. */
export interface Delivery {
  idempotencyKey: string;
  notificationId: string;
  sourceTopic: SourceTopic;
  sourcePartition: number;
  sourceOffset: number;
  sourceKey: string | null;
  sourceEventId: string;
  kind: string;
  channel: Channel;
  recipientRef: string;
  event: unknown;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  providerMessageId: string | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
  revision: number;
  /** Times it was claimed again after a crash cut its send short (outcome never marked). */
  resumes: number;
}

/**
 * The idempotency key of one send: the source event, the channel and the recipient. The
 * same event read twice gives the same key, so it plans and sends nothing new.
 */
export function idempotencyKeyOf(sourceEventId: string, channel: Channel, recipientRef: string) {
  return `${sourceEventId}|${channel}|${recipientRef}`;
}

/**
 * notifications' key: a digest of the idempotency key (fixed length, and no event id or
 * contact reference spelled out in a header-sized field of other systems' logs).
 */
export function notificationIdOf(idempotencyKey: string): string {
  return `ntf_${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}`;
}
