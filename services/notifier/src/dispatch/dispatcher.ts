import type { DatabaseAvailability, Pool } from '@overfly/db';
import type { LoggerLike } from '@overfly/kafka';
import { DeliveryError } from '../channels/delivery-error.js';
import type { Delivery } from '../ledger/delivery.js';
import { claimDue, markAll, type Outcome } from '../ledger/store.js';
import { DEFAULT_RETRY_SCHEDULE, type RetrySchedule, retryAt } from './backoff.js';
import type { ChannelDriver } from './driver.js';

export interface DispatcherOptions {
  pool: Pool;
  availability: DatabaseAvailability;
  drivers: readonly ChannelDriver[];
  logger: LoggerLike;
  retry?: RetrySchedule;
  /**
   * How long a claimed delivery is its sender's: past it, a delivery still SENDING is taken
   * for one whose process died mid-send and is sent again (same idempotency key). Longer than
   * any one send can take (the channels' timeouts).
   */
  leaseMs?: number;
  /** How often a channel with nothing due looks again (a planned delivery wakes it at once). */
  pollMs?: number;
  now?: () => number;
  observer?: {
    attempted(channel: string, outcome: 'sent' | 'failed' | 'dead_lettered' | 'suppressed'): void;
  };
}

export interface Dispatcher {
  /** Something new may be due: look now rather than at the next poll. */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * Sends what the ledger says is due, channel by channel: claim (SENDING, leased, in its own
 * statement, committed before any send), send, mark the outcome. A send is therefore never
 * repeated once its outcome is marked; the only repeat is a delivery whose process died
 * between the provider's answer and the mark, sent again with the same idempotency key
 * (README, "Exactly once to the outside").
 */
export function startDispatcher(options: DispatcherOptions): Dispatcher {
  const { pool, availability, logger } = options;
  const now = options.now ?? Date.now;
  const schedule = options.retry ?? DEFAULT_RETRY_SCHEDULE;
  const leaseMs = options.leaseMs ?? 120_000;
  const pollMs = options.pollMs ?? 500;
  let stopped = false;
  const wakers = new Set<() => void>();

  // Outcomes are marked in batches: one statement for every send that ended while the last
  // one ran (a round trip per send was most of the dispatcher's own cost). A send's slot
  // frees once its outcome is durable.
  const marking: Array<{ outcome: Outcome; done: () => void }> = [];
  let flushing = false;
  const flush = async () => {
    // No wait before the first: the outcomes that end meanwhile make the next batch, and a
    // crash between a provider's answer and its mark (a repeat, README) stays rare.
    while (marking.length > 0) {
      const batch = marking.splice(0, 500);
      try {
        await availability.untilAvailable(() =>
          markAll(
            pool,
            batch.map((b) => b.outcome),
          ),
        );
      } catch (error) {
        // Left SENDING: sent again with the same key once their lease has passed.
        logger.error({ error: String(error), count: batch.length }, 'marking outcomes failed');
      }
      for (const b of batch) b.done();
    }
    flushing = false;
  };
  const mark = (outcome: Outcome) =>
    new Promise<void>((done) => {
      marking.push({ outcome, done });
      if (!flushing) {
        flushing = true;
        void flush();
      }
    });

  const settle = async (driver: ChannelDriver, d: Delivery) => {
    const key = d.idempotencyKey;
    // A send still unsettled when its lease ends is about to be claimed and sent again.
    const overdue = setTimeout(
      () =>
        logger.warn(
          { notificationId: d.notificationId, channel: d.channel, leaseMs },
          'a send is still in flight as its lease ends',
        ),
      leaseMs,
    );
    overdue.unref();
    try {
      const attempt = await driver.deliver(d);
      clearTimeout(overdue);
      if (attempt.sent) {
        await mark({
          key,
          status: attempt.delivered ? 'DELIVERED' : 'SENT',
          providerMessageId: attempt.providerMessageId,
          at: now(),
        });
        options.observer?.attempted(driver.channel, 'sent');
      } else {
        await mark({ key, status: 'SUPPRESSED', error: attempt.suppressed, at: now() });
        options.observer?.attempted(driver.channel, 'suppressed');
      }
    } catch (error) {
      clearTimeout(overdue);
      const failure =
        error instanceof DeliveryError
          ? error
          : new DeliveryError(String((error as Error)?.message ?? error), {
              permanent: false,
              cause: error,
            });
      const giveUp = failure.permanent || d.attempts >= schedule.maxAttempts;
      const reason = `${failure.permanent ? 'refused' : `attempt ${d.attempts} failed`}: ${failure.message}`;
      if (giveUp) {
        await mark({ key, status: 'DEAD_LETTERED', error: reason, at: now() });
        logger.warn(
          { notificationId: d.notificationId, channel: d.channel, attempts: d.attempts },
          `undeliverable, dead-lettered: ${reason}`,
        );
        options.observer?.attempted(driver.channel, 'dead_lettered');
      } else {
        const at = now();
        const retryAtMs = retryAt(at, d.attempts, schedule, failure.retryAfterMs);
        await mark({ key, status: 'FAILED', error: reason, retryAt: retryAtMs, at });
        options.observer?.attempted(driver.channel, 'failed');
      }
    }
  };

  const run = async (driver: ChannelDriver) => {
    const inFlight = new Set<Promise<void>>();
    while (!stopped) {
      const room = driver.concurrency - inFlight.size;
      let claimed: Delivery[] = [];
      if (room > 0) {
        try {
          claimed = await claimDue(pool, driver.channel, now(), room, leaseMs);
          availability.noteAnswer();
        } catch (error) {
          if (!availability.noteFailure(error))
            logger.error({ channel: driver.channel, error: String(error) }, 'claim failed');
        }
      }
      for (const d of claimed) {
        const p: Promise<void> = settle(driver, d)
          .catch((error: unknown) =>
            logger.error(
              { notificationId: d.notificationId, error: String(error) },
              'settle failed',
            ),
          )
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      if (claimed.length === room && room > 0) continue;
      // Nothing more due (or no room): wait for a send to finish, a wake-up or the poll.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, pollMs);
        function done() {
          clearTimeout(timer);
          wakers.delete(done);
          resolve();
        }
        wakers.add(done);
        for (const p of inFlight) void p.then(done);
      });
    }
    await Promise.allSettled(inFlight);
  };

  const loops = options.drivers.map((driver) => run(driver));
  return {
    wake() {
      for (const w of [...wakers]) w();
    },
    async stop() {
      stopped = true;
      for (const w of [...wakers]) w();
      await Promise.all(loops);
      await Promise.all(options.drivers.map((d) => d.close()));
    },
  };
}
