import type { DatabaseAvailability, Pool } from '@overfly/db';
import {
  type ConsumerLoop,
  type KafkaRuntime,
  type LoggerLike,
  type MessageOf,
  RejectedMessageError,
} from '@overfly/kafka';
import type { DisruptionEvent, InvoiceEvent, PassengerEvent } from '@overfly/schemas';
import { notifierErrors } from './errors.js';
import type { PlannedDelivery, SourceOf, SourceTopic } from './ledger/delivery.js';
import { recordPlanned } from './ledger/store.js';
import { planDisruption, planInvoice, planPassenger, type Subscriber } from './plan/plan.js';

const SOURCE_TOPICS = ['passenger.events', 'invoices.events', 'disruption.events'] as const;

export interface IntakeOptions {
  runtime: KafkaRuntime;
  pool: Pool;
  availability: DatabaseAvailability;
  groupId: string;
  topicPrefix: string;
  subscribers: readonly Subscriber[];
  logger: LoggerLike;
  sessionTimeoutMs?: number;
  now?: () => number;
  observer?: { planned(created: number, read: number): void; refused(code: string): void };
}

/** What the planner makes of one event; a message no event could be is refused with why. */
function plan(
  topic: SourceTopic,
  value: unknown,
  subscribers: readonly Subscriber[],
): { eventId: string; deliveries: PlannedDelivery[] } {
  const eventId = (value as { eventId?: unknown }).eventId;
  if (typeof eventId !== 'string' || eventId.trim() === '')
    throw new RejectedMessageError(
      notifierErrors.codes.EVENT_ID_MISSING,
      `${topic}: the event has no eventId`,
    );
  switch (topic) {
    case 'passenger.events':
      return { eventId, deliveries: planPassenger(value as PassengerEvent, subscribers) };
    case 'invoices.events':
      return { eventId, deliveries: planInvoice(value as InvoiceEvent, subscribers) };
    case 'disruption.events':
      return { eventId, deliveries: planDisruption(value as DisruptionEvent, subscribers) };
  }
}

/**
 * The three source topics → planned deliveries in PostgreSQL, one transaction-free insert
 * per run of messages (ON CONFLICT DO NOTHING: a run read again plans nothing new); the
 * group's offsets are committed once it is durable. Sending is the dispatcher's work, so a
 * slow or failing provider never holds the topics back.
 */
export async function startIntake(options: IntakeOptions): Promise<ConsumerLoop> {
  const { pool, availability, subscribers } = options;
  const now = options.now ?? Date.now;
  const stopping = new AbortController();
  const loop = await options.runtime.consume({
    groupId: options.groupId,
    topics: SOURCE_TOPICS,
    fromBeginning: true,
    ...(options.sessionTimeoutMs === undefined
      ? {}
      : { sessionTimeoutMs: options.sessionTimeoutMs }),
    handleBatch: async (messages: MessageOf<(typeof SOURCE_TOPICS)[number]>[]) => {
      const planned: Array<{ source: SourceOf; delivery: PlannedDelivery }> = [];
      for (const m of messages) {
        if (m.value === null) continue;
        const topic = m.topic.slice(options.topicPrefix.length) as SourceTopic;
        const { eventId, deliveries } = plan(topic, m.value, subscribers);
        const source: SourceOf = {
          topic,
          partition: m.partition,
          offset: m.offset,
          key: m.key,
          eventId,
          event: m.value,
        };
        for (const delivery of deliveries) planned.push({ source, delivery });
      }
      // PostgreSQL away is never the events' fault: wait for it, never dead-letter them.
      const created = await availability.untilAvailable(() => recordPlanned(pool, planned, now()), {
        signal: stopping.signal,
      });
      options.observer?.planned(created, messages.length);
    },
    onDeadLetter: (_m, failure) => options.observer?.refused(failure.code),
  });
  return {
    get stats() {
      return loop.stats;
    },
    async stop() {
      const stopped = loop.stop();
      stopping.abort();
      await stopped;
    },
  };
}
