import { describe, expect, it } from 'vitest';
import {
  type Candidate,
  isEmpty,
  NO_FILTER,
  operatorOf,
  shows,
  type TrafficFilter,
} from './filter.js';

const filter = (over: Partial<TrafficFilter>): TrafficFilter => ({ ...NO_FILTER, ...over });
const candidate = (over: Partial<Candidate> = {}): Candidate => ({
  alt: 10_000,
  ground: 0,
  callsign: 'AFR787V',
  fir: () => 'LFFF',
  ...over,
});

describe('isEmpty', () => {
  it('is true of NO_FILTER only', () => {
    expect(isEmpty(NO_FILTER)).toBe(true);
    expect(isEmpty(filter({ minAlt: 0 }))).toBe(false);
    expect(isEmpty(filter({ maxAlt: 0 }))).toBe(false);
    expect(isEmpty(filter({ ground: 'airborne' }))).toBe(false);
    expect(isEmpty(filter({ callsign: 'A' }))).toBe(false);
    expect(isEmpty(filter({ operators: ['AFR'] }))).toBe(false);
    expect(isEmpty(filter({ fir: 'EGTT' }))).toBe(false);
  });
});

describe('operatorOf', () => {
  it('takes the designator of an ICAO callsign: three letters then a digit', () => {
    expect(operatorOf('AFR787V')).toBe('AFR');
    expect(operatorOf('BAW1')).toBe('BAW');
    expect(operatorOf('FWKDL')).toBeNull(); // a registration
    expect(operatorOf('N123AB')).toBeNull();
    expect(operatorOf('AF12')).toBeNull();
    expect(operatorOf('afr787')).toBeNull(); // the page upper-cases before asking
    expect(operatorOf('')).toBeNull();
    expect(operatorOf(null)).toBeNull();
  });
});

describe('shows', () => {
  it('shows everything without a filter, even with nothing known', () => {
    expect(shows(NO_FILTER, candidate())).toBe(true);
    expect(shows(NO_FILTER, candidate({ alt: Number.NaN, ground: -1, callsign: null }))).toBe(true);
  });

  it('bounds altitude inclusively; an unknown altitude is outside any bound', () => {
    const band = filter({ minAlt: 1_000, maxAlt: 5_000 });
    expect(shows(band, candidate({ alt: 999 }))).toBe(false);
    expect(shows(band, candidate({ alt: 1_000 }))).toBe(true);
    expect(shows(band, candidate({ alt: 5_000 }))).toBe(true);
    expect(shows(band, candidate({ alt: 5_001 }))).toBe(false);
    expect(shows(band, candidate({ alt: Number.NaN }))).toBe(false);
    expect(shows(filter({ minAlt: 1_000 }), candidate({ alt: 40_000 }))).toBe(true);
    expect(shows(filter({ maxAlt: 1_000 }), candidate({ alt: -100 }))).toBe(true);
    expect(shows(filter({ maxAlt: 1_000 }), candidate({ alt: Number.NaN }))).toBe(false);
    expect(shows(filter({ minAlt: 0 }), candidate({ alt: Number.NaN }))).toBe(false);
  });

  it('ground modes: unknown (-1) counts as airborne', () => {
    const ground = filter({ ground: 'ground' });
    const airborne = filter({ ground: 'airborne' });
    expect(shows(ground, candidate({ ground: 1 }))).toBe(true);
    expect(shows(ground, candidate({ ground: 0 }))).toBe(false);
    expect(shows(ground, candidate({ ground: -1 }))).toBe(false);
    expect(shows(airborne, candidate({ ground: 1 }))).toBe(false);
    expect(shows(airborne, candidate({ ground: 0 }))).toBe(true);
    expect(shows(airborne, candidate({ ground: -1 }))).toBe(true);
    expect(shows(NO_FILTER, candidate({ ground: 1 }))).toBe(true);
  });

  it('callsign prefix, whatever the case of the callsign; none never matches', () => {
    const afr = filter({ callsign: 'AFR7' });
    expect(shows(afr, candidate({ callsign: 'AFR787V' }))).toBe(true);
    expect(shows(afr, candidate({ callsign: 'afr787v' }))).toBe(true);
    expect(shows(afr, candidate({ callsign: 'AFR123' }))).toBe(false);
    expect(shows(afr, candidate({ callsign: 'XAFR7' }))).toBe(false);
    expect(shows(afr, candidate({ callsign: null }))).toBe(false);
  });

  it('operators: any of the designators, from an ICAO callsign only', () => {
    const ops = filter({ operators: ['AFR', 'BAW'] });
    expect(shows(ops, candidate({ callsign: 'AFR787V' }))).toBe(true);
    expect(shows(ops, candidate({ callsign: 'baw12' }))).toBe(true);
    expect(shows(ops, candidate({ callsign: 'KLM1' }))).toBe(false);
    expect(shows(ops, candidate({ callsign: 'AFRXY' }))).toBe(false);
    expect(shows(ops, candidate({ callsign: null }))).toBe(false);
  });

  it('fir: asks for the FIR only when the filter has one', () => {
    let asked = 0;
    const at = (id: string | null) =>
      candidate({
        fir: () => {
          asked++;
          return id;
        },
      });
    expect(shows(NO_FILTER, at('EGTT'))).toBe(true);
    expect(shows(filter({ minAlt: 0 }), at('EGTT'))).toBe(true);
    expect(asked).toBe(0);
    expect(shows(filter({ fir: 'EGTT' }), at('EGTT'))).toBe(true);
    expect(shows(filter({ fir: 'EGTT' }), at('LFFF'))).toBe(false);
    expect(shows(filter({ fir: 'EGTT' }), at(null))).toBe(false);
    expect(asked).toBe(3);
  });

  it('needs every condition at once', () => {
    const all = filter({
      minAlt: 5_000,
      ground: 'airborne',
      callsign: 'AFR',
      operators: ['AFR'],
      fir: 'LFFF',
    });
    expect(shows(all, candidate())).toBe(true);
    expect(shows(all, candidate({ alt: 4_000 }))).toBe(false);
    expect(shows(all, candidate({ ground: 1 }))).toBe(false);
    expect(shows(all, candidate({ callsign: 'BAW1' }))).toBe(false);
    expect(shows(all, candidate({ fir: () => 'EGTT' }))).toBe(false);
  });
});
