import { describe, expect, it } from 'vitest';
import { hourOfDay } from './baseline.js';
import { hhmm } from './finding.js';

describe('times in summaries and baselines, without a Date', () => {
  it('agree with Date for times across days, before 1970 and at the edges of an hour', () => {
    const times = [0, -1, 59_999, 60_000, 3_599_999, 86_399_999, 86_400_000, -86_400_001];
    for (let i = 0; i < 500; i++) times.push(Math.round((i * 7_919_993_131) % 4e12) - 1e12);
    for (const t of times) {
      expect(hhmm(t)).toBe(`${new Date(t).toISOString().slice(11, 16)}Z`);
      expect(hourOfDay(t)).toBe(new Date(t).getUTCHours());
    }
  });
});
