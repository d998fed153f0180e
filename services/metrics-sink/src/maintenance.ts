import type { DatabaseAvailability, Pool } from '@overfly/db';
import type { LoggerLike } from '@overfly/kafka';
import { partitionsAhead, retentionCutoff } from './partitions.js';
import { dropExpired, ensurePartitions } from './store.js';

export interface MaintenanceOptions {
  pool: Pool;
  availability: DatabaseAvailability;
  logger: LoggerLike;
  retentionMs: number;
  leadDays: number;
  intervalMs: number;
  now?: () => number;
  onDropped?: (partitions: number) => void;
}

export interface Maintenance {
  /** One pass now: partitions ahead created, those past retention dropped. */
  run(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The partitions' upkeep: today's and the next `leadDays` day partitions exist before a
 * sample needs them, and days wholly past retention are dropped (each drop logged). The
 * service runs it once at start, before consuming, and every `intervalMs` after `start`.
 */
export function maintenance(options: MaintenanceOptions): Maintenance & { start(): void } {
  const { pool, logger } = options;
  const now = options.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const pass = async () => {
    const at = now();
    const created = await ensurePartitions(pool, partitionsAhead(at, options.leadDays));
    if (created.length > 0) logger.info({ partitions: created }, 'day partitions created ahead');
    const outcome = await dropExpired(pool, at, options.retentionMs);
    if (outcome.dropped.length > 0 || outcome.staleSeries > 0) {
      logger.info(
        {
          partitions: outcome.dropped,
          staleSeries: outcome.staleSeries,
          cutoff: new Date(retentionCutoff(at, options.retentionMs)).toISOString(),
        },
        'metrics past retention dropped',
      );
      options.onDropped?.(outcome.dropped.length);
    }
  };

  return {
    run: () => pass(),
    start() {
      timer = setInterval(() => {
        running = pass().catch((error: unknown) => {
          // PostgreSQL away: logged once for the outage; the next tick tries again.
          if (!options.availability.noteFailure(error))
            logger.error({ error: String(error) }, 'partition maintenance failed');
        });
      }, options.intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
