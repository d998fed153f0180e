/**
 * Preloaded (`node --import tsx --expose-gc --import <this>`) into a server whose memory a
 * benchmark measures: SIGUSR2 runs a full garbage collection and writes one line to stderr,
 * `bench-memory {"heapUsed":…,"external":…,"rss":…}` (process.memoryUsage() after it), so
 * that what is read holds what is live rather than what the last collection left behind.
 * The benchmark signals only between its measurement windows.
 */
process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, external, rss } = process.memoryUsage();
  process.stderr.write(`bench-memory ${JSON.stringify({ heapUsed, external, rss })}\n`);
});
