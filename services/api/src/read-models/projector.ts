import type { DatabaseAvailability, Pool } from '@overfly/db';
import type { ConsumerLoop, KafkaRuntime, MessageOf } from '@overfly/kafka';
import { applyAircraft } from './aircraft.js';
import { applyCharges, applyCrossings } from './crossings-charges.js';
import { applyDisruptionEvents, applyPassengerEvents } from './disruptions.js';
import { applyInvoiceEvents } from './invoices.js';
import { applyDeadLetters, applyNotifications } from './ops.js';
import { applyTrackPoints } from './track-points.js';

/** The topics the read models are built from, and what builds each. */
export const PROJECTED_TOPICS = [
  'flights.state',
  'flights.updates',
  'fir.crossings',
  'charges.calculated',
  'invoices.events',
  'notifications',
  'dead.letter',
  'disruption.events',
  'passenger.events',
] as const;
type ProjectedTopic = (typeof PROJECTED_TOPICS)[number];

export interface ProjectorOptions {
  runtime: KafkaRuntime;
  pool: Pool;
  availability: DatabaseAvailability;
  groupId: string;
  topicPrefix: string;
  sessionTimeoutMs?: number;
  observer?: {
    /** A run of `count` messages applied; `lastTimestamp` is the last one's record time. */
    applied(topic: ProjectedTopic, count: number, lastTimestamp: number): void;
  };
}

/**
 * One consumer group (instances share the partitions) writes every read model; a run of
 * messages is applied in one or two statements, and the group's offsets are committed
 * once it is durable. PostgreSQL away is never the messages' fault: the run waits for it.
 */
export async function startProjector(options: ProjectorOptions): Promise<ConsumerLoop> {
  const { pool, availability } = options;
  const stopping = new AbortController();
  const loop = await options.runtime.consume({
    groupId: options.groupId,
    topics: PROJECTED_TOPICS,
    fromBeginning: true,
    ...(options.sessionTimeoutMs === undefined
      ? {}
      : { sessionTimeoutMs: options.sessionTimeoutMs }),
    handleBatch: async (messages: MessageOf<ProjectedTopic>[]) => {
      const last = messages[messages.length - 1];
      if (!last) return;
      const topic = last.topic.slice(options.topicPrefix.length) as ProjectedTopic;
      await availability.untilAvailable(
        () => {
          switch (topic) {
            case 'flights.state':
              return applyAircraft(pool, messages as MessageOf<'flights.state'>[]);
            case 'flights.updates':
              return applyTrackPoints(pool, messages as MessageOf<'flights.updates'>[]);
            case 'fir.crossings':
              return applyCrossings(pool, messages as MessageOf<'fir.crossings'>[]);
            case 'charges.calculated':
              return applyCharges(pool, messages as MessageOf<'charges.calculated'>[]);
            case 'invoices.events':
              return applyInvoiceEvents(pool, messages as MessageOf<'invoices.events'>[]);
            case 'notifications':
              return applyNotifications(pool, messages as MessageOf<'notifications'>[]);
            case 'dead.letter':
              return applyDeadLetters(pool, messages as MessageOf<'dead.letter'>[]);
            case 'disruption.events':
              return applyDisruptionEvents(pool, messages as MessageOf<'disruption.events'>[]);
            case 'passenger.events':
              return applyPassengerEvents(pool, messages as MessageOf<'passenger.events'>[]);
          }
        },
        { signal: stopping.signal },
      );
      options.observer?.applied(topic, messages.length, last.timestamp);
    },
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
