import { describe, expect, it } from 'vitest';
import { assessCompensation } from './assess.js';
import { reductionApplies } from './reduction.js';
import { cancelled, DAY, equatorAirports, HOUR, MINUTE } from './test-support/itineraries.js';

// Band A (1,000 km), band B (2,000 km), band C (5,000 km to a third country).
const airports = equatorAirports({ EDAA: 0, LFAA: 1000, LFBB: 2000, KAAA: 5000 });

/** Cancelled on the day, re-routed to arrive `lateMs` after the scheduled arrival. */
const rerouted = (to: string, lateMs: number) =>
  assessCompensation(cancelled('EDAA', to, DAY, { earlyMs: 0, lateMs }), { airports });

describe('the 50 % reduction for a re-routed arrival (Art. 7(2))', () => {
  it.each([
    ['LFAA', 'A', 2 * HOUR, 12_500],
    ['LFAA', 'A', 2 * HOUR + MINUTE, 25_000],
    ['LFBB', 'B', 3 * HOUR, 20_000],
    ['LFBB', 'B', 3 * HOUR + MINUTE, 40_000],
    ['KAAA', 'C', 4 * HOUR, 30_000],
    ['KAAA', 'C', 4 * HOUR + MINUTE, 60_000],
  ] as const)('EDAA → %s (band %s) arriving %i ms late: %i', (to, band, late, minor) => {
    const a = rerouted(to, late);
    expect(a.band).toBe(band);
    expect(a.eligible).toBe(true);
    expect(a.amount).toEqual({ amountMinor: minor, currency: 'EUR' });
    expect(a.reductionApplied).toBe(minor < a.bandAmount.amountMinor);
    const step = a.reasoning.find((s) => s.topic === 'REDUCTION');
    expect(step?.basis).toEqual([`Art. 7(2)(${band.toLowerCase()})`]);
  });

  it('measures the re-routed arrival by the door opening when it is known, not as offered', () => {
    const booking = cancelled('EDAA', 'LFBB', DAY, { earlyMs: 0, lateMs: 2 * HOUR });
    const offered = assessCompensation(booking, { airports });
    expect(offered.amount.amountMinor).toBe(20_000);
    const rerouting = booking.rerouting && {
      ...booking.rerouting,
      actualArrival: booking.rerouting.arrival + 2 * HOUR,
    };
    const late = assessCompensation({ ...booking, rerouting }, { airports });
    expect(late.arrivalDelayMinutes).toBe(240);
    expect(late.amount.amountMinor).toBe(40_000);
  });

  it('includes the limit itself ("does not exceed")', () => {
    expect(reductionApplies('A', 2 * HOUR)).toBe(true);
    expect(reductionApplies('A', 2 * HOUR + 1)).toBe(false);
    expect(reductionApplies('C', -HOUR)).toBe(true);
  });
});
