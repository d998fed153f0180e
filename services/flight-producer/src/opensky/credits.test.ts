import { describe, expect, it } from 'vitest';
import {
  bboxAreaSqDeg,
  createCreditLedger,
  creditCost,
  DAILY_CREDITS,
  msToNextUtcDay,
} from './credits.js';

describe('creditCost', () => {
  // The three example queries of the docs' "API credit usage" table, and "all".
  it.each([
    ['docs 1-credit example', { lamin: 49.7, lamax: 50.5, lomin: 3.2, lomax: 4.6 }, 1],
    ['docs 2-credit example', { lamin: 46.5, lamax: 49.9, lomin: -1.4, lomax: 6.8 }, 2],
    ['docs 3-credit example', { lamin: 42.2, lamax: 49.8, lomin: -4.7, lomax: 10.9 }, 3],
    ['exactly 25 sq deg', { lamin: 0, lamax: 5, lomin: 0, lomax: 5 }, 1],
    ['just over 25 sq deg', { lamin: 0, lamax: 5, lomin: 0, lomax: 5.01 }, 2],
    ['exactly 100 sq deg', { lamin: 0, lamax: 10, lomin: 0, lomax: 10 }, 2],
    ['exactly 400 sq deg', { lamin: 0, lamax: 20, lomin: 0, lomax: 20 }, 3],
    ['just over 400 sq deg', { lamin: 0, lamax: 20, lomin: 0, lomax: 20.01 }, 4],
    ['the whole world as a box', { lamin: -90, lamax: 90, lomin: -180, lomax: 180 }, 4],
  ])('charges %s %#', (_name, bbox, credits) => {
    expect(creditCost(bbox)).toBe(credits);
  });

  it('charges 4 for no box at all', () => {
    expect(creditCost(null)).toBe(4);
  });

  it('measures a box across the antimeridian through 180°', () => {
    expect(bboxAreaSqDeg({ lamin: 0, lamax: 2, lomin: 179, lomax: -179 })).toBeCloseTo(4);
  });

  it('gives each account type its documented daily allowance', () => {
    expect(DAILY_CREDITS).toEqual({ anonymous: 400, standard: 4_000, feeder: 8_000 });
  });
});

describe('credit ledger', () => {
  const noon = Date.UTC(2025, 5, 1, 12);

  it('holds credits for calls in flight so concurrent callers cannot overspend', () => {
    const ledger = createCreditLedger({
      accountType: 'anonymous',
      dailyCredits: 5,
      now: () => noon,
    });
    ledger.reserve(4);
    expect(ledger.left()).toBe(1);
    expect(() => ledger.reserve(2)).toThrow(
      expect.objectContaining({ code: 'FLIGHT_PRODUCER_OPENSKY_CREDITS_EXHAUSTED' }),
    );
    ledger.release(4);
    expect(ledger.left()).toBe(5);
  });

  it('lets the server’s remaining count replace its estimate, then counts down from it', () => {
    const ledger = createCreditLedger({
      accountType: 'standard',
      dailyCredits: 4_000,
      now: () => noon,
    });
    ledger.reserve(1);
    ledger.commit(1, 50);
    expect(ledger.left()).toBe(50);
    ledger.reserve(3);
    ledger.commit(3, undefined);
    expect(ledger.left()).toBe(47);
    expect(ledger.used()).toBe(4);
  });

  it('reports null credits left when no allowance is configured and the server has not said', () => {
    const ledger = createCreditLedger({
      accountType: 'standard',
      dailyCredits: null,
      now: () => noon,
    });
    expect(ledger.left()).toBeNull();
    ledger.reserve(4);
    ledger.commit(4, 996);
    expect(ledger.left()).toBe(996);
  });

  it('counts the time to the next 00:00 UTC', () => {
    expect(msToNextUtcDay(Date.UTC(2025, 0, 1, 23, 59, 59))).toBe(1_000);
    expect(msToNextUtcDay(Date.UTC(2025, 0, 1))).toBe(86_400_000);
  });
});
