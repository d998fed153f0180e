import { describe, expect, it } from 'vitest';
import {
  ALTITUDE_EXAGGERATION,
  EARTH_RADIUS_M,
  radiusAt,
  reckon,
  toLatLon,
  toVec3,
} from './geo.js';

const DEG = Math.PI / 180;

/** Great-circle distance, metres (haversine). */
function metres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dLat = (b.lat - a.lat) * DEG;
  const dLon = (b.lon - a.lon) * DEG;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * DEG) * Math.cos(b.lat * DEG) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}

/** Initial bearing from a to b, degrees [0, 360). */
function bearing(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const y = Math.sin((b.lon - a.lon) * DEG) * Math.cos(b.lat * DEG);
  const x =
    Math.cos(a.lat * DEG) * Math.sin(b.lat * DEG) -
    Math.sin(a.lat * DEG) * Math.cos(b.lat * DEG) * Math.cos((b.lon - a.lon) * DEG);
  return (((Math.atan2(y, x) / DEG) % 360) + 360) % 360;
}

describe('toVec3 / toLatLon', () => {
  it('puts the axes where the comment says', () => {
    const origin = toVec3(0, 0);
    expect(origin.x).toBeCloseTo(1, 12);
    expect(origin.y).toBeCloseTo(0, 12);
    expect(origin.z).toBeCloseTo(0, 12);
    expect(toVec3(90, 0).y).toBeCloseTo(1, 12);
    expect(toVec3(0, -90).z).toBeCloseTo(1, 12); // z towards 90°W
    const r = toVec3(30, 40, 2);
    expect(Math.hypot(r.x, r.y, r.z)).toBeCloseTo(2, 12);
  });

  it('round-trips latitude and longitude, at any radius', () => {
    for (const [lat, lon] of [
      [0, 0],
      [51.47, -0.45],
      [-33.94, 151.18],
      [64.1, -21.9],
      [-89.5, 179.9],
      [12.3, -179.9],
    ] as const) {
      for (const radius of [1, 1.05]) {
        const back = toLatLon(toVec3(lat, lon, radius));
        expect(back.lat).toBeCloseTo(lat, 9);
        expect(back.lon).toBeCloseTo(lon, 9);
      }
    }
  });
});

describe('radiusAt', () => {
  it('lifts altitude 25× above a hair over the unit sphere; none or negative is the ground', () => {
    expect(radiusAt(null)).toBeCloseTo(1.001, 12);
    expect(radiusAt(-300)).toBeCloseTo(1.001, 12);
    expect(radiusAt(10_000)).toBeCloseTo(
      1.001 + (10_000 * ALTITUDE_EXAGGERATION) / EARTH_RADIUS_M,
      12,
    );
  });
});

describe('reckon', () => {
  it('moves speed × time metres along the track', () => {
    for (const [lat, lon, track] of [
      [50, 5, 0],
      [50, 5, 90],
      [50, 5, 225],
      [-33, 151, 135],
      [0, 0, 300],
    ] as const) {
      const start = { lat, lon };
      const next = reckon(lat, lon, 250, track, 40);
      const d = metres(start, next);
      expect(d).toBeGreaterThan(10_000 * 0.995);
      expect(d).toBeLessThan(10_000 * 1.005);
      expect(Math.abs(((bearing(start, next) - track + 540) % 360) - 180)).toBeLessThan(0.5);
    }
  });

  it('goes north on track 0 and east on track 90', () => {
    const north = reckon(50, 5, 100, 0, 10);
    expect(north.lat).toBeGreaterThan(50);
    expect(north.lon).toBeCloseTo(5, 9);
    const east = reckon(50, 5, 100, 90, 10);
    expect(east.lon).toBeGreaterThan(5);
    expect(east.lat).toBeCloseTo(50, 9);
  });

  it('stops at 60 s without news', () => {
    const at60 = reckon(50, 5, 250, 45, 60);
    expect(reckon(50, 5, 250, 45, 600)).toEqual(at60);
    expect(metres({ lat: 50, lon: 5 }, at60)).toBeCloseTo(15_000, -2);
  });

  it('stays put without speed, track or elapsed time', () => {
    expect(reckon(50, 5, null, 90, 10)).toEqual({ lat: 50, lon: 5 });
    expect(reckon(50, 5, 0, 90, 10)).toEqual({ lat: 50, lon: 5 });
    expect(reckon(50, 5, 200, null, 10)).toEqual({ lat: 50, lon: 5 });
    expect(reckon(50, 5, 200, 90, 0)).toEqual({ lat: 50, lon: 5 });
    expect(reckon(50, 5, 200, 90, -5)).toEqual({ lat: 50, lon: 5 });
  });

  it('wraps longitude across the antimeridian', () => {
    const east = reckon(0, 179.99, 250, 90, 60);
    expect(east.lon).toBeLessThan(-179);
    expect(metres({ lat: 0, lon: 179.99 }, east)).toBeCloseTo(15_000, -2);
    const west = reckon(0, -179.99, 250, 270, 60);
    expect(west.lon).toBeGreaterThan(179);
  });
});
