import { describe, expect, it } from 'vitest';
import { latestAtOrBefore, parseProc, quantile, summarize } from '../bench/e2e/stats.js';

describe('bench:e2e statistics', () => {
  it('takes nearest-rank quantiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(sorted, 0.5)).toBe(50);
    expect(quantile(sorted, 0.99)).toBe(99);
    expect(quantile(sorted, 1)).toBe(100);
    expect(quantile([7], 0.99)).toBe(7);
    expect(quantile([], 0.5)).toBeNull();
  });

  it('summarizes unordered samples without reordering them', () => {
    const samples = [30, 10, 20];
    expect(summarize(samples)).toEqual({ n: 3, p50: 20, p99: 30, max: 30 });
    expect(samples).toEqual([30, 10, 20]);
    expect(summarize([])).toEqual({ n: 0, p50: null, p99: null, max: null });
  });

  it('finds the record a later one came from', () => {
    const history = [
      { at: 10, source: 1 },
      { at: 20, source: 2 },
      { at: 30, source: 3 },
    ];
    expect(latestAtOrBefore(history, 25)?.source).toBe(2);
    expect(latestAtOrBefore(history, 30)?.source).toBe(3);
    expect(latestAtOrBefore(history, 5)).toBeNull();
  });
});

describe('bench:e2e /proc parsing', () => {
  // A command name with a space and a parenthesis, as /proc/<pid>/stat may hold.
  const stat =
    '4242 (node (tsx) x) S 1 4242 4242 0 -1 4194304 1000 0 0 0 250 50 0 0 20 0 11 0 123 1000000 5000';
  const status = 'Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t11\n';

  it('reads utime + stime and the resident set', () => {
    expect(parseProc(stat, status, 100)).toEqual({
      cpuSeconds: 3,
      rssBytes: 102_400 * 1024,
      peakRssBytes: 204_800 * 1024,
    });
  });

  it('says NaN for memory a kernel thread does not report', () => {
    expect(parseProc(stat, 'Name:\tkthreadd\n', 100).rssBytes).toBeNaN();
  });
});
