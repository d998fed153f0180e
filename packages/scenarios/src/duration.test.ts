import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';

describe('scenario durations', () => {
  it.each([
    ['90s', 90_000],
    ['45m', 2_700_000],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
    ['0.5h', 1_800_000],
    ['250ms', 250],
    ['0s', 0],
  ])('reads %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '10', '3 hours', '1h 30m', '-5m', 'm'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it('writes hours, minutes and seconds', () => {
    expect(formatDuration(5_432_000)).toBe('1h30m32s');
    expect(formatDuration(0)).toBe('0s');
  });
});
