import { afterEach, describe, expect, it, vi } from 'vitest';
import { startProgressLog } from './progress.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('the progress log', () => {
  it('logs the fields and the rate of the count every interval, until stopped', () => {
    vi.useFakeTimers();
    let now = 0;
    let count = 0;
    const lines: Array<{ fields: object; message: string }> = [];
    const stop = startProgressLog(
      {
        message: 'simulate progress',
        rateName: 'positionsPerSecond',
        count: () => count,
        fields: () => ({ published: count }),
      },
      { info: (fields, message) => lines.push({ fields, message }) },
      10_000,
      () => now,
    );
    count = 50_000;
    now = 10_000;
    vi.advanceTimersByTime(10_000);
    stop();
    vi.advanceTimersByTime(30_000);
    expect(lines).toEqual([
      { message: 'simulate progress', fields: { published: 50_000, positionsPerSecond: 5_000 } },
    ]);
  });
});
