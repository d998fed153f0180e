import { defaultFirLayer } from '@overfly/geo';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filterKey, matcherFor, parseFilter } from './filters.js';
import { aircraftState } from './test-support/states.js';

const firs = defaultFirLayer();
const T = Date.UTC(2024, 5, 1);

function matches(query: Record<string, unknown>, overrides: Parameters<typeof aircraftState>[2]) {
  const parsed = parseFilter(query, firs);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return matcherFor(parsed.filter, firs)({ state: aircraftState('aaaaaa', T, overrides) });
}

describe('live filters', () => {
  it('an empty query shows everything', () => {
    expect(matches({}, {})).toBe(true);
  });

  it('bbox, including one across the antimeridian', () => {
    expect(matches({ bbox: '-10,35,30,60' }, { longitude: 2, latitude: 48 })).toBe(true);
    expect(matches({ bbox: '-10,35,30,60' }, { longitude: 40, latitude: 48 })).toBe(false);
    expect(matches({ bbox: '-10,35,30,60' }, { longitude: 2, latitude: 61 })).toBe(false);
    const pacific = { bbox: '170,-20,-170,20' };
    expect(matches(pacific, { longitude: 175, latitude: 0 })).toBe(true);
    expect(matches(pacific, { longitude: -175, latitude: 0 })).toBe(true);
    expect(matches(pacific, { longitude: 0, latitude: 0 })).toBe(false);
  });

  it('altitude range on baro, else geometric; unknown altitude never matches a range', () => {
    const range = { minAlt: '1000', maxAlt: '5000' };
    expect(matches(range, { baroAltitudeM: 3000 })).toBe(true);
    expect(matches(range, { baroAltitudeM: 6000, geoAltitudeM: 3000 })).toBe(false);
    expect(matches(range, { baroAltitudeM: null, geoAltitudeM: 3000 })).toBe(true);
    expect(matches(range, { baroAltitudeM: null, geoAltitudeM: null })).toBe(false);
  });

  it('onGround: unknown counts as not on the ground', () => {
    expect(matches({ onGround: 'true' }, { onGround: true })).toBe(true);
    expect(matches({ onGround: 'true' }, { onGround: null })).toBe(false);
    expect(matches({ onGround: 'false' }, { onGround: null })).toBe(true);
    expect(matches({ onGround: 'false' }, { onGround: true })).toBe(false);
  });

  it('callsign prefixes, case-insensitive', () => {
    expect(matches({ callsign: 'afr1' }, { callsign: 'AFR123' })).toBe(true);
    expect(matches({ callsign: 'baw,AFR' }, { callsign: 'AFR123' })).toBe(true);
    expect(matches({ callsign: 'BAW' }, { callsign: 'AFR123' })).toBe(false);
    expect(matches({ callsign: 'BAW' }, { callsign: null })).toBe(false);
  });

  it('operator: the designator of an ICAO callsign, never of a registration', () => {
    expect(matches({ operator: 'AFR' }, { callsign: 'AFR787V' })).toBe(true);
    expect(matches({ operator: 'afr,baw' }, { callsign: 'BAW12' })).toBe(true);
    expect(matches({ operator: 'FWK' }, { callsign: 'FWKDL' })).toBe(false);
  });

  it('FIR: the position inside that FIR of the layer', () => {
    expect(matches({ fir: 'EGTT' }, { latitude: 51.5, longitude: -0.5 })).toBe(true);
    expect(matches({ fir: 'egtt,lfff' }, { latitude: 48.8, longitude: 2.3 })).toBe(true);
    expect(matches({ fir: 'EGTT' }, { latitude: 48.8, longitude: 2.3 })).toBe(false);
  });

  it('names every bad parameter', () => {
    const parsed = parseFilter(
      {
        bbox: '1,2,3',
        minAlt: 'high',
        onGround: 'yes',
        operator: 'AF',
        fir: 'ZZZZ',
        callsign: 'AF-1',
      },
      firs,
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => e.field).sort()).toEqual(
      ['bbox', 'callsign', 'fir', 'minAlt', 'onGround', 'operator'].sort(),
    );
    expect(parsed.errors.find((e) => e.field === 'fir')?.message).toMatch(/ZZZZ: no such FIR/);
  });

  it.each([
    ['200,0,10,10', /longitudes/],
    ['0,-91,10,10', /latitudes/],
    ['0,20,10,10', /minLat is greater/],
    ['a,b,c,d', /four numbers/],
    ['0,0,10,10,5', /four numbers/],
  ])('refuses bbox %s', (bbox, message) => {
    const parsed = parseFilter({ bbox }, firs);
    expect(parsed.ok ? null : parsed.errors).toEqual([
      { field: 'bbox', message: expect.stringMatching(message) },
    ]);
  });

  it('refuses minAlt above maxAlt, and fir without a layer', () => {
    expect(parseFilter({ minAlt: '5', maxAlt: '1' }, firs).ok).toBe(false);
    const noLayer = parseFilter({ fir: 'EGTT' }, null);
    expect(noLayer.ok ? null : noLayer.errors[0]?.field).toBe('fir');
  });

  it('equal filters written differently share one key; different ones do not', () => {
    const key = (q: Record<string, unknown>) => {
      const parsed = parseFilter(q, firs);
      if (!parsed.ok) throw new Error('bad filter');
      return parsed.key;
    };
    expect(key({ callsign: 'baw, afr,AFR', operator: 'klm' })).toBe(
      key({ operator: 'KLM', callsign: 'AFR,BAW' }),
    );
    expect(key({ bbox: '-10,35,30,60.0' })).toBe(key({ bbox: '-10.0,35,30,60' }));
    expect(key({ minAlt: '100' })).not.toBe(key({ maxAlt: '100' }));
    expect(key({})).toBe(filterKey({}));
  });

  it('the key is a function of the filter only (property)', () => {
    const lists = fc.uniqueArray(fc.constantFrom('AFR', 'BAW', 'KLM', 'DLH', 'EZY'), {
      minLength: 1,
    });
    fc.assert(
      fc.property(lists, fc.boolean(), (ops, reverse) => {
        const written = (reverse ? [...ops].reverse() : ops).map((o) => o.toLowerCase());
        const a = parseFilter({ operator: ops.join(',') }, firs);
        const b = parseFilter({ operator: written.join(' , ') }, firs);
        return a.ok && b.ok && a.key === b.key;
      }),
    );
  });
});
