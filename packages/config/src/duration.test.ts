import { describe, expect, it } from 'vitest';
import { DURATION_FORMAT, formatDuration, parseDuration } from './duration.js';

describe('the duration grammar', () => {
  it.each([
    ['90s', 90_000],
    ['45m', 2_700_000],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
    ['0.5h', 1_800_000],
    ['1.5s', 1_500],
    ['250ms', 250],
    ['0s', 0],
    [' 10s ', 10_000],
  ])('reads %j', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '10', '1500', '0', '3 hours', '1h 30m', '10 s', '-5m', 'm', '1.5', '.5s', '1x'])(
    'refuses %j',
    (text) => {
      expect(parseDuration(text)).toBeNull();
    },
  );

  it('shows the accepted forms and that a unit is required', () => {
    expect(DURATION_FORMAT).toBe('a duration like 250ms, 10s, 5m, 1h30m (a unit is required)');
  });

  it('writes hours, minutes and seconds', () => {
    expect(formatDuration(5_432_000)).toBe('1h30m32s');
    expect(formatDuration(0)).toBe('0s');
    expect(parseDuration(formatDuration(5_432_000))).toBe(5_432_000);
  });
});
