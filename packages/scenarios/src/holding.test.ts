import { haversineKm } from '@overfly/geo';
import { describe, expect, it } from 'vitest';
import { trueAirspeedMs } from './cruise.js';
import { holdingPointAt, planHolding, standardTurnRateRadS } from './holding.js';
import { METRES_PER_FOOT, MS_PER_KNOT } from './profile.js';

const FIX = { lat: 51.65, lon: -0.15 };
const FL100 = 10_000 * METRES_PER_FOOT;
const point = () => ({ lat: 0, lon: 0, trackDeg: 0 });

describe('a standard holding pattern (Doc 8168 PANS-OPS)', () => {
  const hold = planHolding(FIX, 90, FL100, 0, 12 * 60_000);

  it('is flown at 220 kt indicated: about 256 kt true at FL100 in the ISA', () => {
    expect(hold.speedMs / MS_PER_KNOT).toBeCloseTo(256, 0);
    expect(trueAirspeedMs(220 * MS_PER_KNOT, 0) / MS_PER_KNOT).toBeCloseTo(220, 6);
  });

  it('turns at 3°/s unless that needs more than 25° of bank', () => {
    // 120 kt: rate one needs 18° of bank; 256 kt would need 34°, so 25° it is (about 2°/s).
    expect(standardTurnRateRadS(120 * MS_PER_KNOT)).toBeCloseTo((3 * Math.PI) / 180, 9);
    const rate = standardTurnRateRadS(hold.speedMs);
    const bank = Math.atan((hold.speedMs * rate) / 9.80665);
    expect((bank * 180) / Math.PI).toBeCloseTo(25, 6);
    expect((rate * 180) / Math.PI).toBeCloseTo(1.99, 2);
  });

  it('takes about 5 minutes a lap (two 90.5-s turns, two 1-minute legs) and flies the nearest whole number of laps', () => {
    expect(hold.lapMs / 1000).toBeCloseTo(2 * 90.5 + 120, 0);
    expect(hold.laps).toBe(2);
    expect(hold.tTo - hold.tFrom).toBeCloseTo(2 * hold.lapMs, 6);
    expect(planHolding(FIX, 90, FL100, 0, 60_000).laps).toBe(1);
  });

  it('is back over the fix on the inbound course after each lap, and flies its turns to the right', () => {
    for (const lap of [1, 2]) {
      const p = holdingPointAt(hold, hold.tFrom + lap * hold.lapMs, point());
      expect(haversineKm(p.lat, p.lon, FIX.lat, FIX.lon)).toBeLessThan(0.001);
      expect(p.trackDeg).toBeCloseTo(90, 6);
    }
    // Inbound course east: the pattern lies south of the fix (the right of the inbound course).
    const outbound = holdingPointAt(hold, hold.tFrom + 90_500 + 30_000, point());
    expect(outbound.lat).toBeLessThan(FIX.lat);
    expect(outbound.trackDeg).toBeCloseTo(270, 1);
    // A quarter of the first turn: heading south-east, the track turning clockwise.
    const quarter = holdingPointAt(hold, hold.tFrom + 22_600, point());
    expect(quarter.trackDeg).toBeGreaterThan(90);
    expect(quarter.trackDeg).toBeLessThan(180);
  });

  it('spans about 8 km by 15 km', () => {
    let farthest = 0;
    for (let t = hold.tFrom; t <= hold.tFrom + hold.lapMs; t += 1_000) {
      const p = holdingPointAt(hold, t, point());
      farthest = Math.max(farthest, haversineKm(p.lat, p.lon, FIX.lat, FIX.lon));
    }
    const width = (2 * (hold.speedMs / standardTurnRateRadS(hold.speedMs))) / 1000;
    expect(width).toBeCloseTo(7.6, 1);
    expect(farthest).toBeGreaterThan(12);
    expect(farthest).toBeLessThan(17);
  });

  it('has 1.5-minute legs above 14,000 ft', () => {
    const high = planHolding(FIX, 90, 15_000 * METRES_PER_FOOT, 0, 0);
    const turnS = Math.PI / standardTurnRateRadS(high.speedMs);
    expect(high.lapMs / 1000).toBeCloseTo(2 * turnS + 180, 6);
  });
});
