import { describe, expect, it } from 'vitest';
import { createFaultPlan, seededRandom } from './faults.js';

const draw = (seed: number, n: number, knobs = { failureRate: 0.3, hangRate: 0.1 }) => {
  const plan = createFaultPlan(seed, knobs);
  return Array.from({ length: n }, () => plan.next());
};

describe('fault plan', () => {
  it('draws the same outcomes for the same seed, others for another', () => {
    expect(draw(7, 50)).toEqual(draw(7, 50));
    expect(draw(7, 50)).not.toEqual(draw(8, 50));
  });

  it('draws each outcome at about its rate', () => {
    const outcomes = draw(3, 4_000, { failureRate: 0.3, hangRate: 0.1 });
    const share = (match: (o: unknown) => boolean) =>
      outcomes.filter(match).length / outcomes.length;
    expect(share((o) => o === 'error-500' || o === 'error-503')).toBeCloseTo(0.3, 1);
    expect(share((o) => o === 'error-500')).toBeGreaterThan(0.1);
    expect(share((o) => o === 'error-503')).toBeGreaterThan(0.1);
    expect(share((o) => o === 'hang')).toBeCloseTo(0.1, 1);
    expect(share((o) => o === 'ok')).toBeCloseTo(0.6, 1);
  });

  it('plays forced outcomes first, in order, then draws', () => {
    const plan = createFaultPlan(1, { failureRate: 0 });
    plan.force('hang', { status: 418 });
    expect([plan.next(), plan.next(), plan.next()]).toEqual(['hang', { status: 418 }, 'ok']);
  });

  it('refuses rates outside [0, 1] or adding up to more than 1', () => {
    expect(() => createFaultPlan(1, { failureRate: 1.5 })).toThrow(RangeError);
    expect(() => createFaultPlan(1, { failureRate: 0.6, hangRate: 0.6 })).toThrow(RangeError);
    expect(() => createFaultPlan(1, { retryAfterSeconds: 1.5 })).toThrow(RangeError);
  });

  it('seededRandom stays in [0, 1)', () => {
    const random = seededRandom(42);
    for (let i = 0; i < 1_000; i++) {
      const r = random();
      expect(r >= 0 && r < 1).toBe(true);
    }
  });
});
