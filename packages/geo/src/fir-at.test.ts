import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultFirLayer } from './index.js';
import {
  BOUNDARIES_PATH,
  naiveLayer,
  readA319,
  readTrafficSample,
  seededRandom,
} from './test-support/references.js';

const layer = defaultFirLayer();
const naive = naiveLayer(JSON.parse(readFileSync(BOUNDARIES_PATH, 'utf8')));

function mismatches(points: readonly { lon: number; lat: number }[]) {
  const wrong: string[] = [];
  for (const { lon, lat } of points) {
    const got = layer.firAt(lon, lat)?.id ?? null;
    const want = naive.firAt(lon, lat);
    if (got !== want) wrong.push(`${lon},${lat}: ${got} ≠ ${want}`);
  }
  return wrong;
}

describe('firAt against the naive turf layer', () => {
  it('keeps the same FIRs in the same precedence', () => {
    const byArea = [...layer.firs].sort((u, v) => u.areaKm2 - v.areaKm2).map((f) => f.id);
    expect(byArea).toEqual(naive.ids);
  });

  it('agrees on 20,000 random points over Europe', () => {
    const random = seededRandom(20_000);
    const points = Array.from({ length: 20_000 }, () => ({
      lon: -25 + random() * 70, // 25°W – 45°E
      lat: 27 + random() * 45, // 27°N – 72°N
    }));
    expect(mismatches(points)).toEqual([]);
  });

  it('agrees on every point of the reference tracks', () => {
    const points = [...readA319(), ...readTrafficSample('elal747.json.gz')];
    expect(points.length).toBeGreaterThan(2_000);
    expect(mismatches(points)).toEqual([]);
  });

  it('agrees on every point of the Swiss sample, where five FIRs meet', () => {
    const points = readTrafficSample('switzerland.json.gz').filter((_, i) => i % 7 === 0);
    expect(mismatches(points)).toEqual([]);
  });

  it('throws GEO_POSITION_INVALID for NaN and wraps longitudes beyond ±180', () => {
    expect(() => layer.firAt(Number.NaN, 45)).toThrow(
      expect.objectContaining({ code: 'GEO_POSITION_INVALID' }),
    );
    expect(() => layer.firAt(2, 95)).toThrow(
      expect.objectContaining({ code: 'GEO_POSITION_INVALID' }),
    );
    expect(layer.firAt(2.35 + 360, 48.85)?.id).toBe(layer.firAt(2.35, 48.85)?.id);
  });
});
