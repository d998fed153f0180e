import { describe, expect, it } from 'vitest';
import { bboxAreaSqDeg, creditCost } from './credits.js';
import { planRequests, splitIntoTiles, validateBbox } from './tiles.js';
import type { BoundingBox } from './types.js';

const EUROPE: BoundingBox = { lamin: 35, lomin: -10, lamax: 60, lomax: 30 }; // 1000 sq deg

describe('splitIntoTiles', () => {
  it('cuts a box into the fewest tiles no larger than the limit, covering it exactly', () => {
    const tiles = splitIntoTiles(EUROPE, 25);

    expect(tiles).toHaveLength(40);
    for (const tile of tiles) expect(bboxAreaSqDeg(tile)).toBeLessThanOrEqual(25 + 1e-9);
    const covered = tiles.reduce((sum, tile) => sum + bboxAreaSqDeg(tile), 0);
    expect(covered).toBeCloseTo(1_000, 6);
    expect(Math.min(...tiles.map((t) => t.lamin))).toBe(35);
    expect(Math.max(...tiles.map((t) => t.lomax))).toBe(30);
  });

  it('returns the box itself when it is already small enough', () => {
    expect(splitIntoTiles({ lamin: 0, lomin: 0, lamax: 4, lomax: 4 }, 25)).toEqual([
      { lamin: 0, lomin: 0, lamax: 4, lomax: 4 },
    ]);
  });

  it('cuts a box across the antimeridian at 180°', () => {
    const tiles = splitIntoTiles({ lamin: 50, lomin: 170, lamax: 52, lomax: -170 }, 25);
    expect(tiles).toEqual([
      { lamin: 50, lomin: 170, lamax: 52, lomax: 180 },
      { lamin: 50, lomin: -180, lamax: 52, lomax: -170 },
    ]);
  });

  it('refuses a limit that would make thousands of tiles', () => {
    expect(() => splitIntoTiles(EUROPE, 0.01)).toThrow(
      expect.objectContaining({ code: 'FLIGHT_PRODUCER_OPENSKY_INVALID_OPTIONS' }),
    );
  });
});

describe('planRequests', () => {
  it('sends one call when tiles would cost more credits (40 tiles × 1 vs 1 call × 4)', () => {
    const plan = planRequests(EUROPE, 25, 'cheapest');
    expect(plan).toEqual({ boxes: [EUROPE], credits: 4, untiledCredits: 4 });
  });

  it.each([
    [{ lamin: 0, lomin: 0, lamax: 10, lomax: 10 }, 25], // 2 credits vs 4 × 1
    [{ lamin: 0, lomin: 0, lamax: 20, lomax: 20 }, 100], // 3 credits vs 4 × 2
    [{ lamin: 0, lomin: 0, lamax: 30, lomax: 30 }, 400], // 4 credits vs 3 × 3
  ])('never finds tiling cheaper under the published bands (%o, tiles ≤ %d)', (bbox, max) => {
    const plan = planRequests(bbox, max, 'cheapest');
    const tiled = splitIntoTiles(bbox, max).reduce((sum, tile) => sum + creditCost(tile), 0);
    expect(plan.boxes).toEqual([bbox]);
    expect(tiled).toBeGreaterThanOrEqual(plan.credits);
  });

  it("tiles anyway with tiling 'always', and says what that costs", () => {
    const plan = planRequests(EUROPE, 100, 'always');
    expect(plan.boxes).toHaveLength(10);
    expect(plan.credits).toBe(20);
    expect(plan.untiledCredits).toBe(4);
  });

  it('sends a box across the antimeridian as two boxes', () => {
    const plan = planRequests({ lamin: -20, lomin: 175, lamax: -15, lomax: -178 }, 25, 'cheapest');
    expect(plan.boxes).toHaveLength(2);
    expect(plan.boxes).toEqual([
      { lamin: -20, lomin: 175, lamax: -15, lomax: 180 },
      { lamin: -20, lomin: -180, lamax: -15, lomax: -178 },
    ]);
    expect(plan.credits).toBe(2); // 5° × 5° = 25 sq deg → 1, plus 5° × 2° = 10 sq deg → 1
  });
});

describe('validateBbox', () => {
  it.each([
    [{ lamin: 50, lomin: 0, lamax: 40, lomax: 10 }, /lamin 50 must be below lamax 40/],
    [{ lamin: -91, lomin: 0, lamax: 40, lomax: 10 }, /latitudes/],
    [{ lamin: 0, lomin: 0, lamax: 40, lomax: 181 }, /longitudes/],
    [{ lamin: 0, lomin: 5, lamax: 40, lomax: 5 }, /empty box/],
    [{ lamin: Number.NaN, lomin: 0, lamax: 40, lomax: 10 }, /lamin is not a number/],
  ])('rejects %o', (bbox, message) => {
    expect(() => validateBbox(bbox)).toThrow(message);
    expect(() => validateBbox(bbox)).toThrow(
      expect.objectContaining({ code: 'FLIGHT_PRODUCER_OPENSKY_INVALID_BBOX' }),
    );
  });
});
