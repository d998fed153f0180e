import { describe, expect, it } from 'vitest';
import { assessCompensation } from './assess.js';
import { delayed, equatorAirports, HOUR, MINUTE } from './test-support/itineraries.js';

// EDAA → LFAA, 1,000 km: band A, EUR 250 (the Art. 7(2)(a) limit of 2 h is below any owed delay).
const airports = equatorAirports({ EDAA: 0, LFAA: 1000, LFBB: 2000, KAAA: 5000 });
const assess = (lateMs: number, to = 'LFAA') =>
  assessCompensation(delayed('EDAA', to, lateMs), { airports });

describe('a delay at the final destination (Sturgeon, Nelson)', () => {
  it('owes nothing 2 h 59 min late', () => {
    const a = assess(2 * HOUR + 59 * MINUTE);
    expect(a.eligible).toBe(false);
    expect(a.disruption).toBe('DELAY');
    expect(a.arrivalDelayMinutes).toBe(179);
    const step = a.reasoning.find((s) => s.topic === 'DELAY');
    expect(step?.basis).toEqual(['C-402/07 Sturgeon', 'C-581/10 Nelson']);
    expect(step?.text).toContain('less than 3 h');
  });

  it('owes nothing 2 h 59 min 59.999 s late: the edge is three whole hours', () => {
    const a = assess(3 * HOUR - 1);
    expect(a.eligible).toBe(false);
    expect(a.arrivalDelayMinutes).toBe(179);
  });

  it('owes the full band A amount 3 h 00 min late', () => {
    const a = assess(3 * HOUR);
    expect(a.eligible).toBe(true);
    expect(a.arrivalDelayMinutes).toBe(180);
    expect(a.amount).toEqual({ amountMinor: 25_000, currency: 'EUR' });
    expect(a.reductionApplied).toBe(false);
  });

  it('halves band B exactly 3 h 00 min late, which does not exceed the 3 h of Art. 7(2)(b)', () => {
    expect(assess(3 * HOUR, 'LFBB').amount.amountMinor).toBe(20_000);
    expect(assess(3 * HOUR + MINUTE, 'LFBB').amount.amountMinor).toBe(40_000);
  });

  it('halves band C from 3 h to 4 h late (Sturgeon, Art. 7(2)(c)), not after', () => {
    expect(assess(3 * HOUR, 'KAAA').amount.amountMinor).toBe(30_000);
    expect(assess(4 * HOUR, 'KAAA').amount.amountMinor).toBe(30_000);
    const full = assess(4 * HOUR + MINUTE, 'KAAA');
    expect(full.amount.amountMinor).toBe(60_000);
    expect(full.reasoning.find((s) => s.topic === 'REDUCTION')?.basis).toEqual([
      'Art. 7(2)(c)',
      'C-402/07 Sturgeon',
    ]);
  });

  it('owes nothing on time or early, and says the arrival is the door opening (Germanwings)', () => {
    const early = assess(-20 * MINUTE);
    expect(early.disruption).toBe('NONE');
    expect(early.disruptedLeg).toBeNull();
    expect(early.arrivalDelayMinutes).toBe(-20);
    expect(early.cause).toBeNull();
    expect(early.eligible).toBe(false);
    const step = early.reasoning.find((s) => s.topic === 'DISRUPTION');
    expect(step?.basis).toContain('C-452/13 Germanwings');
    expect(step?.text).toContain('0 h 20 min early');
    expect(step?.text).toContain('door opened');
  });
});
