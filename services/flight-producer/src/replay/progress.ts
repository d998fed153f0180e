import type { ReplayStats } from './counters.js';

interface InfoLogger {
  info(fields: object, message: string): void;
}

/** Logs the replay's counts and rate every `intervalMs`; returns a stop function. */
export function startProgressLog(
  stats: ReplayStats,
  logger: InfoLogger,
  intervalMs: number,
  now: () => number = Date.now,
): () => void {
  let last = { at: now(), rowsRead: stats.rowsRead };
  const timer = setInterval(() => {
    const at = now();
    const seconds = Math.max(0.001, (at - last.at) / 1000);
    const rowsPerSecond = Math.round((stats.rowsRead - last.rowsRead) / seconds);
    last = { at, rowsRead: stats.rowsRead };
    logger.info(
      {
        rowsRead: stats.rowsRead,
        published: stats.published,
        invalid: stats.invalid,
        skipped: stats.skipped,
        states: stats.states,
        tombstones: stats.tombstones,
        rowsPerSecond,
      },
      'replay progress',
    );
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
