import { describe, expect, it } from 'vitest';
import { normaliseCallsign, normaliseIcao24, normaliseSquawk, parseIsoTime } from './normalise.js';
import { feetPerMinuteToMs, feetToMetres, knotsToMs } from './units.js';

describe('field normalisation', () => {
  it('lower-cases icao24 and refuses what is not 6 hex digits', () => {
    expect(normaliseIcao24(' 4B1805 ')).toBe('4b1805');
    expect(normaliseIcao24('xyz')).toBeNull();
    expect(normaliseIcao24('4b18056')).toBeNull();
    expect(normaliseIcao24(4_001_805)).toBeNull();
  });

  it('trims and upper-cases callsigns; blank is null', () => {
    expect(normaliseCallsign('swr123  ')).toBe('SWR123');
    expect(normaliseCallsign('        ')).toBeNull();
  });

  it('keeps squawks as 4 octal digits, restoring zeros pandas dropped', () => {
    expect(normaliseSquawk(4720)).toBe('4720');
    expect(normaliseSquawk(700)).toBe('0700');
    expect(normaliseSquawk('7700')).toBe('7700');
    expect(normaliseSquawk('7800')).toBeNull();
    expect(normaliseSquawk(null)).toBeNull();
  });

  it('reads pandas ISO times as UTC, with or without a zone', () => {
    expect(parseIsoTime('2018-01-02 19:53:00+00:00')).toBe(Date.UTC(2018, 0, 2, 19, 53));
    expect(parseIsoTime('2018-01-02T19:53:00')).toBe(Date.UTC(2018, 0, 2, 19, 53));
    expect(parseIsoTime('2018-01-02 21:53:00+02:00')).toBe(Date.UTC(2018, 0, 2, 19, 53));
    expect(parseIsoTime('yesterday')).toBeNull();
  });

  it('converts with the exact definitions of the foot and the knot', () => {
    expect(feetToMetres(1)).toBe(0.3048);
    expect(knotsToMs(3600)).toBeCloseTo(1852, 9);
    expect(feetPerMinuteToMs(60)).toBeCloseTo(0.3048, 12);
    expect(feetToMetres(null)).toBeNull();
  });
});
