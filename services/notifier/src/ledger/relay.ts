import type { DatabaseAvailability, Pool } from '@overfly/db';
import { buildDeadLetter, type LoggerLike, type TypedProducer } from '@overfly/kafka';
import type { Notification } from '@overfly/schemas';
import { notifierErrors } from '../errors.js';
import type { Delivery } from './delivery.js';
import { markPublished, unpublished } from './store.js';

/** A row's state as notifications tells it (SENDING is PENDING to the outside). */
function notificationOf(d: Delivery): Notification {
  return {
    notificationId: d.notificationId,
    sourceTopic: d.sourceTopic,
    sourceEventId: d.sourceEventId,
    channel: d.channel,
    recipientRef: d.recipientRef,
    template: d.kind,
    status: d.status === 'SENDING' ? 'PENDING' : d.status,
    attempts: d.attempts,
    providerMessageId: d.providerMessageId,
    lastError: d.lastError,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

/**
 * The ledger's outbox: every state not yet told goes to notifications (key notificationId),
 * and a dead-lettered delivery also to dead.letter (the source event's coordinates and the
 * reason), then the row's published revision moves up. A crash between the two repeats the
 * publication, never loses it (consumers keep the latest state per notificationId).
 */
export function startRelay(options: {
  pool: Pool;
  availability: DatabaseAvailability;
  producer: TypedProducer;
  service: string;
  logger: LoggerLike;
  intervalMs?: number;
  batch?: number;
  onPublished?: (count: number) => void;
}): { stop(): Promise<void> } {
  const { pool, availability, producer } = options;
  const intervalMs = options.intervalMs ?? 200;
  let stopped = false;
  let wakeUp: (() => void) | null = null;

  const once = async (): Promise<number> => {
    const rows = await unpublished(pool, options.batch ?? 500);
    if (rows.length === 0) return 0;
    await producer.send(
      'notifications',
      rows.map((d) => ({ key: d.notificationId, value: notificationOf(d) })),
    );
    const dead = rows.filter((d) => d.status === 'DEAD_LETTERED');
    if (dead.length > 0)
      await producer.send(
        'dead.letter',
        dead.map((d) =>
          buildDeadLetter(
            {
              topic: d.sourceTopic,
              partition: d.sourcePartition,
              offset: String(d.sourceOffset),
              key: d.sourceKey === null ? null : Buffer.from(d.sourceKey),
              // The source event is read again from its topic at these coordinates.
              value: null,
              headers: {
                'overfly.notification-id': d.notificationId,
                'overfly.channel': d.channel,
              },
            },
            {
              service: options.service,
              code: notifierErrors.codes.UNDELIVERABLE,
              message: `${d.channel} to ${d.recipientRef} (${d.kind}): ${d.lastError ?? 'undeliverable'}`,
              retriable: false,
              attempts: d.attempts,
              at: d.updatedAt,
            },
          ),
        ),
      );
    await markPublished(pool, rows);
    options.onPublished?.(rows.length);
    return rows.length;
  };

  const loop = (async () => {
    while (!stopped) {
      let told = 0;
      try {
        told = await once();
        availability.noteAnswer();
      } catch (error) {
        if (!availability.noteFailure(error))
          options.logger.warn({ error: String(error) }, 'notifications relay: will retry');
      }
      if (told > 0 && !stopped) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, intervalMs);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = null;
    }
  })();

  return {
    async stop() {
      stopped = true;
      wakeUp?.();
      await loop;
    },
  };
}
