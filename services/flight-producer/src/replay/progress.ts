import { startProgressLog } from '../publish/progress.js';
import type { ReplayStats } from './counters.js';

/** Logs the replay's counts and rows/s every `intervalMs`; returns a stop function. */
export function startReplayProgressLog(
  stats: ReplayStats,
  logger: { info(fields: object, message: string): void },
  intervalMs: number,
  now: () => number = Date.now,
): () => void {
  return startProgressLog(
    {
      message: 'replay progress',
      rateName: 'rowsPerSecond',
      count: () => stats.rowsRead,
      fields: () => ({
        rowsRead: stats.rowsRead,
        published: stats.published,
        invalid: stats.invalid,
        skipped: stats.skipped,
        states: stats.states,
        tombstones: stats.tombstones,
      }),
    },
    logger,
    intervalMs,
    now,
  );
}
