interface InfoLogger {
  info(fields: object, message: string): void;
}

/**
 * Logs `fields()` and the rate of `count()` per second every `intervalMs` as `message`;
 * returns a stop function. The timer does not keep the process alive.
 */
export function startProgressLog(
  progress: { message: string; fields: () => object; count: () => number; rateName: string },
  logger: InfoLogger,
  intervalMs: number,
  now: () => number = Date.now,
): () => void {
  let last = { at: now(), count: progress.count() };
  const timer = setInterval(() => {
    const at = now();
    const count = progress.count();
    const seconds = Math.max(0.001, (at - last.at) / 1000);
    const rate = Math.round((count - last.count) / seconds);
    last = { at, count };
    logger.info({ ...progress.fields(), [progress.rateName]: rate }, progress.message);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
