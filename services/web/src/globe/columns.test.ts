import { describe, expect, it } from 'vitest';
import {
  hexOf,
  icaoOf,
  packCallsign,
  squawkText,
  toColumns,
  transferables,
  unpackCallsign,
} from './columns.js';
import type { LiveAircraft } from './live-types.js';

const full: LiveAircraft = {
  icao24: '4ca1d3',
  callsign: 'EIN123  ',
  lat: 53.42135,
  lon: -6.27,
  alt: 10_668,
  onGround: false,
  speed: 231.5,
  track: 271.3,
  vRate: -5.2,
  squawk: '7000',
  positionTime: 1_767_225_600_123,
};
const sparse: LiveAircraft = {
  icao24: 'ffffff',
  callsign: null,
  lat: -33.9,
  lon: 151.2,
  alt: null,
  onGround: null,
  speed: null,
  track: null,
  vRate: null,
  squawk: null,
  positionTime: 1_767_225_601_000,
};

describe('icaoOf / hexOf', () => {
  it('turns icao24 hex into its 24-bit integer and back, six digits, lower case', () => {
    expect(icaoOf('4ca1d3')).toBe(0x4ca1d3);
    expect(icaoOf('4CA1D3')).toBe(0x4ca1d3);
    expect(icaoOf('000001')).toBe(1);
    expect(hexOf(0x4ca1d3)).toBe('4ca1d3');
    expect(hexOf(1)).toBe('000001');
    expect(hexOf(0xffffff)).toBe('ffffff');
    for (const hex of ['000000', '00abcd', 'a0b1c2', 'ffffff'])
      expect(hexOf(icaoOf(hex))).toBe(hex);
  });
});

describe('toColumns', () => {
  it('puts records in columns: numbers, NaN for nulls, ground as 1/0/-1', () => {
    const c = toColumns('snapshot', 42, [full, sparse]);
    expect(c.kind).toBe('snapshot');
    expect(c.t).toBe(42);
    expect(c.count).toBe(2);
    expect([...c.icao]).toEqual([0x4ca1d3, 0xffffff]);
    expect([...c.lat]).toEqual([53.42135, -33.9]);
    expect([...c.lon]).toEqual([-6.27, 151.2]);
    expect(c.alt[0]).toBe(10_668);
    expect(c.speed[0]).toBeCloseTo(231.5, 4);
    expect(c.track[0]).toBeCloseTo(271.3, 4);
    expect(c.vRate[0]).toBeCloseTo(-5.2, 4);
    expect(c.alt[1]).toBeNaN();
    expect(c.speed[1]).toBeNaN();
    expect(c.track[1]).toBeNaN();
    expect(c.vRate[1]).toBeNaN();
    expect([...c.positionTime]).toEqual([1_767_225_600_123, 1_767_225_601_000]);
    expect([...c.ground]).toEqual([0, -1]);
    expect([...toColumns('delta', 0, [{ ...full, onGround: true }]).ground]).toEqual([1]);
    expect(c.removed.length).toBe(0);
  });

  it('packs callsigns (trimmed, 8 ASCII characters) and squawks as numbers, none as 0 / -1', () => {
    const c = toColumns('delta', 0, [
      full,
      sparse,
      { ...full, callsign: 'BAW1', squawk: '0040' },
      { ...full, callsign: 'ABCDEFGH', squawk: 'x' },
    ]);
    const callsignAt = (i: number) =>
      unpackCallsign(c.callsign[i * 2] as number, c.callsign[i * 2 + 1] as number);
    expect([0, 1, 2, 3].map(callsignAt)).toEqual(['EIN123', null, 'BAW1', 'ABCDEFGH']);
    expect([...c.squawk].map(squawkText)).toEqual(['7000', null, '0040', null]);
    const words = new Uint32Array(2);
    packCallsign('LONGERTHAN8', words, 0);
    expect(unpackCallsign(words[0] as number, words[1] as number)).toBe('LONGERTH');
  });

  it('carries removed ids as integers; an empty delta is empty', () => {
    const c = toColumns('delta', 7, [], ['4ca1d3', '000010']);
    expect(c.count).toBe(0);
    expect(c.icao.length).toBe(0);
    expect(c.callsign.length).toBe(0);
    expect([...c.removed]).toEqual([0x4ca1d3, 0x10]);
  });

  it('hands over one distinct buffer per column', () => {
    const c = toColumns('snapshot', 0, [full], ['000001']);
    const buffers = transferables(c);
    expect(buffers).toHaveLength(12);
    expect(new Set(buffers).size).toBe(12);
    expect(buffers).toContain(c.icao.buffer);
    expect(buffers).toContain(c.removed.buffer);
  });
});
