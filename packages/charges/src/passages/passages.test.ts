import { haversineKm } from '@overfly/geo';
import { describe, expect, it } from 'vitest';
import type { CrossingInput } from '../price.js';
import { pricePassage } from '../price.js';
import { crossing, fixtureContext, MARCH_2024 } from '../test-support/pricing.js';
import { PassageAssembler } from './assembler.js';
import type { ZonePassage } from './passage.js';

// Fixture tariff: XXAA and XXAB form zone XE (50.00 EUR in 2024), XXCC is zone XC.
// a20a20 is an A20N of 79,000 kg: p = 1.26.
const ctx = fixtureContext();
const zoneOf = (firId: string) => ctx.tariff.zoneOf(firId)?.zone ?? null;
const HOUR = 3_600_000;

/** A FINAL crossing of flight f1 from [lat, lon] to [lat, lon], the great circle computed. */
function leg(
  sequence: number,
  firId: string,
  from: [number, number],
  to: [number, number],
  over: Partial<CrossingInput> = {},
): CrossingInput {
  const entryTime = MARCH_2024 + (sequence - 1) * HOUR;
  return crossing({
    crossingId: `f1-${sequence}-${firId}`,
    flightId: 'f1',
    firId,
    sequence,
    entryTime,
    exitTime: entryTime + HOUR,
    entryLatitude: from[0],
    entryLongitude: from[1],
    exitLatitude: to[0],
    exitLongitude: to[1],
    greatCircleDistanceKm: haversineKm(from[0], from[1], to[0], to[1]),
    flownDistanceKm: haversineKm(from[0], from[1], to[0], to[1]),
    exitReason: 'BOUNDARY',
    nextFirId: null,
    ...over,
  });
}

function assemble(crossings: readonly CrossingInput[]): ZonePassage[] {
  const assembler = new PassageAssembler({ zoneOf });
  return [...crossings.flatMap((c) => assembler.accept(c)), ...assembler.flush()];
}

/** r = t × d × p in cents, worked by hand from the regulation (d, p to 2 decimals). */
const cents = (km: number) => Math.round(50 * Math.floor(km + 0.5) * 1.26);

describe('charging-zone passages', () => {
  it('gives a straight track over two FIRs of one zone one passage, priced on the zone’s great circle', () => {
    const a = leg(1, 'XXAA', [0, 0], [0, 1], { nextFirId: 'XXAB' });
    const b = leg(2, 'XXAB', [0, 1], [0, 2], { nextFirId: 'XXCC' });
    const [passage, next, ...rest] = assemble([a, b, leg(3, 'XXCC', [0, 2], [0, 3])]);
    expect(rest).toEqual([]);
    expect(passage?.crossings.map((c) => c.crossingId)).toEqual([a.crossingId, b.crossingId]);
    expect(next?.zone).toBe('XC');
    const charge = pricePassage(passage as ZonePassage, {}, ctx);
    const zoneKm = haversineKm(0, 0, 0, 2);
    expect(charge).toMatchObject({
      crossingId: a.crossingId,
      chargingZone: 'XE',
      distanceKm: zoneKm,
      amount: { amountMinor: cents(zoneKm), currency: 'EUR' },
    });
    expect(charge.passage).toMatchObject({
      crossingIds: [a.crossingId, b.crossingId],
      firIds: ['XXAA', 'XXAB'],
      entryTime: a.entryTime,
      exitTime: b.exitTime,
      takeOffs: 0,
      landings: 0,
    });
  });

  it('prices a bent track on the great circle from entry to exit, less than the FIRs’ sum', () => {
    const a = leg(1, 'XXAA', [0, 0], [0, 1], { nextFirId: 'XXAB' });
    const b = leg(2, 'XXAB', [0, 1], [1, 1], { exitReason: 'GAP' });
    const [passage] = assemble([a, b]);
    const charge = pricePassage(passage as ZonePassage, {}, ctx);
    const zoneKm = haversineKm(0, 0, 1, 1);
    expect(charge.distanceKm).toBeCloseTo(zoneKm, 9);
    expect(charge.distanceKm).toBeLessThan(a.greatCircleDistanceKm + b.greatCircleDistanceKm - 60);
    expect(charge.amount?.amountMinor).toBe(cents(zoneKm));
  });

  it('deducts 20 km for a take-off and a landing in the zone, however short their FIR crossing', () => {
    const a = leg(1, 'XXAA', [0, 0], [0, 1], { departureAirport: 'XXA1', nextFirId: 'XXAB' });
    // A 0.3 km crossing ends in a landing: priced alone it would lose 19.7 km of deduction.
    const b = leg(2, 'XXAB', [0, 1], [0, 1.0027], {
      exitReason: 'LANDING',
      arrivalAirport: 'XXA2',
    });
    const [passage, ...rest] = assemble([a, b]);
    expect(rest).toEqual([]);
    const charge = pricePassage(passage as ZonePassage, {}, ctx);
    const zoneKm = haversineKm(0, 0, 0, 1.0027);
    expect(charge.passage).toMatchObject({ takeOffs: 1, landings: 1, departureAirport: 'XXA1' });
    expect(charge.distanceKm).toBeCloseTo(zoneKm - 40, 9);
    expect(charge.amount?.amountMinor).toBe(cents(zoneKm - 40));
  });

  it('gives a flight that leaves the zone and comes back two passages', () => {
    const passages = assemble([
      leg(1, 'XXAA', [0, 0], [0, 1], { nextFirId: 'XXCC' }),
      leg(2, 'XXCC', [0, 1], [0, 2], { nextFirId: 'XXAB' }),
      leg(3, 'XXAB', [0, 2], [0, 3], { exitReason: 'END_OF_INPUT' }),
    ]);
    expect(passages.map((p) => [p.zone, p.passageId])).toEqual([
      ['XE', 'f1-1-XXAA'],
      ['XC', 'f1-2-XXCC'],
      ['XE', 'f1-3-XXAB'],
    ]);
  });

  it('ends a passage with the data, and at the end of input when its next crossing never came', () => {
    const assembler = new PassageAssembler({ zoneOf });
    expect(
      assembler.accept(leg(1, 'XXAA', [0, 0], [0, 1], { exitReason: 'END_OF_INPUT' })),
    ).toHaveLength(1);
    const open = leg(2, 'XXAA', [0, 1], [0, 2], { nextFirId: 'XXAB' });
    expect(assembler.accept({ ...open, flightId: 'f2' })).toEqual([]);
    expect(assembler.flush().map((p) => p.flightId)).toEqual(['f2']);
  });

  it('prices nothing again for a crossing sent again unchanged, and the same passage again when it changed', () => {
    const assembler = new PassageAssembler({ zoneOf });
    const a = leg(1, 'XXAA', [0, 0], [0, 1], { nextFirId: 'XXAB' });
    const b = leg(2, 'XXAB', [0, 1], [0, 2], { exitReason: 'GAP' });
    assembler.accept(a);
    const [first] = assembler.accept(b);
    expect(first?.crossings).toHaveLength(2);
    // An analyser restarted from its checkpoint sends b again, identical but for producedAt.
    expect(assembler.accept({ ...b, producedAt: 123 })).toEqual([]);
    const moved = { ...b, exitLatitude: 0.5, greatCircleDistanceKm: 120 };
    const [again] = assembler.accept(moved);
    expect(again?.passageId).toBe(first?.passageId);
    expect(again?.crossings.map((c) => c.exitLatitude)).toEqual([0, 0.5]);
  });

  it('prices a crossing written before crossings said how they ended on its own', () => {
    const passages = assemble([
      leg(1, 'XXAA', [0, 0], [0, 1], { exitReason: null }),
      leg(2, 'XXAB', [0, 1], [0, 2], { exitReason: null }),
    ]);
    expect(passages.map((p) => p.crossings.length)).toEqual([1, 1]);
  });

  it('forgets a flight silent for the retention, closing its open passage, and not one that crossed again', () => {
    const assembler = new PassageAssembler({ zoneOf, retentionMs: 6 * HOUR });
    const open = (flightId: string, sequence: number) => ({
      ...leg(sequence, 'XXAA', [0, 0], [0, 1], { nextFirId: 'XXAB' }),
      flightId,
      crossingId: `${flightId}-${sequence}`,
    });
    expect(assembler.accept(open('quiet', 1))).toEqual([]);
    expect(assembler.accept(open('busy', 1))).toEqual([]);
    // busy crosses again (a new open passage: sequence 5 does not follow 1) five hours on.
    expect(assembler.accept(open('busy', 5)).map((p) => p.flightId)).toEqual(['busy']);
    // Seven hours after the first crossings: quiet was silent for more than six hours.
    const late = { ...open('other', 8), exitTime: MARCH_2024 + 8 * HOUR };
    const forgotten = assembler.accept(late);
    expect(forgotten.map((p) => p.passageId)).toEqual(['quiet-1']);
    expect([...assembler.forgotten()]).toEqual(['quiet']);
    expect(assembler.exportState('quiet')).toBeNull();
    expect(assembler.exportState('busy')?.open?.passageId).toBe('busy-5');
  });
});
