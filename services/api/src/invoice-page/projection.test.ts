import { describe, expect, it } from 'vitest';
import { boundsOf, fitProjection, union } from './projection.js';

describe('boundsOf', () => {
  it('is the extreme longitudes and latitudes, skipping what is not finite', () => {
    expect(
      boundsOf([
        [2, 51],
        [-1, 50],
        [Number.NaN, 80],
        [5, 49.5],
      ]),
    ).toEqual({ west: -1, south: 49.5, east: 5, north: 51 });
    expect(boundsOf([])).toBeNull();
  });

  it('unites two bounds', () => {
    expect(
      union(
        { west: 0, south: 0, east: 1, north: 1 },
        { west: -2, south: 0.5, east: 0.5, north: 3 },
      ),
    ).toEqual({ west: -2, south: 0, east: 1, north: 3 });
  });
});

describe('fitProjection', () => {
  const europe = { west: -10, south: 40, east: 20, north: 60 };

  it('keeps everything asked for inside the drawing, with a margin on every side', () => {
    const p = fitProjection(europe, { width: 960, margin: 0.05 });
    expect(p.width).toBe(960);
    for (const [lon, lat] of [
      [-10, 40],
      [20, 60],
      [-10, 60],
      [20, 40],
    ] as const) {
      const [x, y] = p.project(lon, lat);
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(p.width);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(p.height);
    }
    expect(p.bounds.west).toBeLessThan(-10);
    expect(p.bounds.north).toBeGreaterThan(60);
  });

  it('puts north up and east right, the corners of its bounds on the drawing’s corners', () => {
    const p = fitProjection(europe);
    const [x0, y0] = p.project(p.bounds.west, p.bounds.north);
    const [x1, y1] = p.project(p.bounds.east, p.bounds.south);
    expect(x0).toBeCloseTo(0, 9);
    expect(y0).toBeCloseTo(0, 9);
    expect(x1).toBeCloseTo(p.width, 9);
    expect(y1).toBeCloseTo(p.height, 9);
    expect(p.project(0, 50)[1]).toBeLessThan(p.project(0, 45)[1]);
    expect(p.project(5, 50)[0]).toBeGreaterThan(p.project(0, 50)[0]);
  });

  it('shrinks longitude by the cosine of the middle latitude (equal distances look equal)', () => {
    const p = fitProjection({ west: 0, south: 59, east: 2, north: 61 });
    const [ax, ay] = p.project(0, 60);
    const [bx] = p.project(1, 60);
    const [, cy] = p.project(0, 61);
    // At 60°N a degree of longitude is half a degree of latitude.
    expect((bx - ax) / (ay - cy)).toBeCloseTo(0.5, 6);
  });

  it('gives a single point or a path due east a map of bounded shape', () => {
    const point = fitProjection({ west: 2, south: 50, east: 2, north: 50 });
    expect(point.height).toBeGreaterThan(0);
    expect(point.height / point.width).toBeLessThanOrEqual(0.75 + 1e-9);
    const east = fitProjection({ west: -30, south: 50, east: 30, north: 50 });
    expect(east.height / east.width).toBeCloseTo(0.3, 9);
    const north = fitProjection({ west: 0, south: -60, east: 0.5, north: 60 });
    expect(north.height / north.width).toBeCloseTo(0.75, 9);
    for (const p of [point, east, north]) {
      expect(Number.isFinite(p.height)).toBe(true);
      const [x, y] = p.project(
        (p.bounds.west + p.bounds.east) / 2,
        (p.bounds.south + p.bounds.north) / 2,
      );
      expect(x).toBeCloseTo(p.width / 2, 9);
      expect(y).toBeCloseTo(p.height / 2, 9);
    }
  });

  it('stays finite at a pole', () => {
    const p = fitProjection({ west: -180, south: 85, east: 180, north: 90 });
    expect(Number.isFinite(p.height)).toBe(true);
    expect(p.height).toBeLessThanOrEqual(p.width);
  });
});
