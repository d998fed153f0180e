import { type DatabaseAvailability, type Pool, withAdvisoryLock } from '@overfly/db';
import type { LoggerLike, TypedProducer } from '@overfly/kafka';
import type { InvoiceEvent } from '@overfly/schemas';

/**
 * Publishes unsent outbox rows to invoices.events in order and marks them sent, under an
 * advisory lock so one relay runs at a time (per-invoice order holds). A crash between
 * the send and the mark re-sends those events: consumers dedupe on eventId.
 */
export async function relayOutbox(
  pool: Pool,
  producer: TypedProducer,
  batchSize = 500,
): Promise<number> {
  let sent = 0;
  for (;;) {
    const outcome = await withAdvisoryLock(pool, 'outbox-relay', async (client) => {
      const { rows } = await client.query<{ seq: number; payload: InvoiceEvent }>(
        'SELECT seq, payload FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT $1',
        [batchSize],
      );
      if (rows.length === 0) return 0;
      await producer.send(
        'invoices.events',
        rows.map((r) => ({ key: r.payload.invoiceId, value: r.payload })),
      );
      await client.query('UPDATE outbox SET sent_at = now() WHERE seq = ANY($1)', [
        rows.map((r) => r.seq),
      ]);
      return rows.length;
    });
    if (!outcome.acquired || outcome.result === 0) return sent;
    sent += outcome.result;
    if (outcome.result < batchSize) return sent;
  }
}

/**
 * Runs the relay every `intervalMs` until stopped. While PostgreSQL is away each tick simply
 * fails and the next one tries again; `availability` says so once for the whole outage
 * instead of a warning every tick.
 */
export function startOutboxRelay(
  pool: Pool,
  producer: TypedProducer,
  intervalMs: number,
  logger: LoggerLike,
  availability?: DatabaseAvailability,
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running
      .then(async () => {
        await relayOutbox(pool, producer);
        availability?.noteAnswer();
      })
      .catch((error: unknown) => {
        if (availability?.noteFailure(error)) return;
        logger.warn({ error: String(error) }, 'outbox relay failed');
      });
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
