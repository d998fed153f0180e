import { describe, expect, it } from 'vitest';
import { assessCompensation } from './assess.js';
import { cancelled, DAY, equatorAirports, HOUR, MINUTE } from './test-support/itineraries.js';

// EDAA → LFAA, 1,000 km: band A.
const airports = equatorAirports({ EDAA: 0, LFAA: 1000 });
const assess = (notice: number | null, rerouting: { earlyMs: number; lateMs: number } | null) =>
  assessCompensation(cancelled('EDAA', 'LFAA', notice, rerouting), { airports });
const step = (a: ReturnType<typeof assess>) => a.reasoning.find((s) => s.topic === 'CANCELLATION');

describe('a cancellation (Art. 5(1)(c))', () => {
  it('owes nothing when the passenger was told exactly 14 days before, with no re-routing (i)', () => {
    const a = assess(14 * DAY, null);
    expect(a.disruption).toBe('CANCELLATION');
    expect(a.eligible).toBe(false);
    expect(step(a)?.basis).toEqual(['Art. 5(1)(c)(i)']);
    expect(step(a)?.text).toContain('14.00 days');
  });

  it('owes compensation one minute short of 14 days with no re-routing (ii)', () => {
    const a = assess(14 * DAY - MINUTE, null);
    expect(a.eligible).toBe(true);
    expect(a.amount.amountMinor).toBe(25_000);
    expect(step(a)?.basis).toEqual(['Art. 5(1)(c)(ii)']);
  });

  describe('told 7 to 14 days before (ii): re-routing leaving ≤ 2 h early and arriving < 4 h late', () => {
    it('owes nothing leaving exactly 2 h early and arriving 3 h 59 min late', () => {
      expect(assess(10 * DAY, { earlyMs: 2 * HOUR, lateMs: 3 * HOUR + 59 * MINUTE }).eligible).toBe(
        false,
      );
    });
    it('owes nothing told exactly 7 days before', () => {
      const a = assess(7 * DAY, { earlyMs: 2 * HOUR, lateMs: 3 * HOUR });
      expect(a.eligible).toBe(false);
      expect(step(a)?.basis).toEqual(['Art. 5(1)(c)(ii)']);
    });
    it('owes compensation leaving 2 h 01 min early', () => {
      const a = assess(10 * DAY, { earlyMs: 2 * HOUR + MINUTE, lateMs: 0 });
      expect(a.eligible).toBe(true);
      expect(step(a)?.text).toContain('departs more than 2 h 00 min early');
    });
    it('owes compensation arriving exactly 4 h late', () => {
      const a = assess(10 * DAY, { earlyMs: 0, lateMs: 4 * HOUR });
      expect(a.eligible).toBe(true);
      expect(a.amount.amountMinor).toBe(25_000);
      expect(step(a)?.text).toContain('arrives 4 h 00 min or more late');
    });
  });

  describe('told less than 7 days before (iii): re-routing leaving ≤ 1 h early and arriving < 2 h late', () => {
    it('owes nothing leaving exactly 1 h early and arriving 1 h 59 min late', () => {
      const a = assess(7 * DAY - MINUTE, { earlyMs: HOUR, lateMs: HOUR + 59 * MINUTE });
      expect(a.eligible).toBe(false);
      expect(step(a)?.basis).toEqual(['Art. 5(1)(c)(iii)']);
    });
    it('owes compensation leaving 1 h 01 min early, halved as it arrives on time (Art. 7(2)(a))', () => {
      const a = assess(2 * DAY, { earlyMs: HOUR + MINUTE, lateMs: 0 });
      expect(a.eligible).toBe(true);
      expect(a.reductionApplied).toBe(true);
      expect(a.amount.amountMinor).toBe(12_500);
    });
    it('owes compensation arriving exactly 2 h late', () => {
      const a = assess(2 * DAY, { earlyMs: 0, lateMs: 2 * HOUR });
      expect(a.eligible).toBe(true);
      expect(step(a)?.text).toContain('arrives 2 h 00 min or more late');
    });
    it('owes compensation on the day with no re-routing, in full', () => {
      const a = assess(HOUR, null);
      expect(a.eligible).toBe(true);
      expect(a.amount.amountMinor).toBe(25_000);
      expect(a.arrivalDelayMinutes).toBeNull();
      expect(a.reasoning.find((s) => s.topic === 'REDUCTION')?.text).toContain('No re-routing');
    });
  });

  it('takes no notice on record as none given in time: the carrier must prove it (Art. 5(4))', () => {
    const a = assess(null, { earlyMs: 0, lateMs: 3 * HOUR });
    expect(a.eligible).toBe(true);
    expect(step(a)?.basis).toEqual(['Art. 5(1)(c)(iii)', 'Art. 5(4)']);
    expect(step(a)?.text).toContain('burden of proving it');
  });
});
