/**
 * Preloaded (`node --expose-gc --import <this>`) into a server whose memory a benchmark
 * measures: SIGUSR2 runs a full garbage collection, so that resident memory read from /proc
 * just after it holds what is live rather than what the last collection left behind. The
 * benchmark signals only between its measurement windows.
 */
process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
});
