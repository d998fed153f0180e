import type { Queryable } from '@overfly/db';
import { loadFirLayer } from '@overfly/geo';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KEYS, testApp } from '../test-support/app.js';
import { airspaceOf, airspaceRoutes, thinRing } from './airspace.js';

describe('thinRing', () => {
  it('keeps the first and last points and drops those closer than the tolerance', () => {
    const ring = Float64Array.from([
      0, 0, 0.01, 0, 0.02, 0, 0.06, 0, 0.07, 0.03, 0.1, 0.1, 0.1, 0.12, 0.0001, 0.0001, 0, 0,
    ]);
    // (0.0001, 0.0001) is far from (0.1, 0.1), the last kept; the closing point is kept
    // however close to it.
    expect(thinRing(ring)).toEqual([0, 0, 0.06, 0, 0.1, 0.1, 0, 0, 0, 0]);
  });

  it('keeps a point exactly at the tolerance, measured from the last one kept', () => {
    // 0.03 + 0.03 from the first point: the second is dropped, the third is 0.06 away.
    const ring = Float64Array.from([0, 0, 0.03, 0, 0.06, 0, 0.11, 0, 1, 1, 0, 0]);
    expect(thinRing(ring, 0.05)).toEqual([0, 0, 0.06, 0, 0.11, 0, 1, 1, 0, 0]);
  });

  it('rounds to 3 decimals and takes its tolerance', () => {
    const ring = Float64Array.from([1.23456, 2.34567, 1.5, 2.5, 1.23456, 2.34567]);
    expect(thinRing(ring)).toEqual([1.235, 2.346, 1.5, 2.5, 1.235, 2.346]);
    expect(thinRing(ring, 1)).toEqual([1.235, 2.346, 1.235, 2.346]);
  });

  it('keeps every point of a coarse ring', () => {
    const square = Float64Array.from([0, 0, 1, 0, 1, 1, 0, 1, 0, 0]);
    expect(thinRing(square)).toEqual([...square]);
  });
});

/** A closed square as GeoJSON coordinates, with `steps` points along each side. */
function square(w: number, s: number, e: number, n: number, steps = 1): number[][] {
  const side = (a: number[], b: number[]) =>
    Array.from({ length: steps }, (_, i) => [
      (a[0] as number) + (((b[0] as number) - (a[0] as number)) * i) / steps,
      (a[1] as number) + (((b[1] as number) - (a[1] as number)) * i) / steps,
    ]);
  return [
    ...side([w, s], [e, s]),
    ...side([e, s], [e, n]),
    ...side([e, n], [w, n]),
    ...side([w, n], [w, s]),
    [w, s],
  ];
}
const feature = (id: string, name: string | null, polygons: number[][][][]) => ({
  type: 'Feature',
  properties: name === null ? { id } : { id, name },
  geometry: { type: 'MultiPolygon', coordinates: polygons },
});

const layer = loadFirLayer({
  type: 'FeatureCollection',
  features: [
    // Dense sides (0.01° apart): thinned.
    feature('AAAA', 'Alpha', [[square(0, 0, 10, 10, 1000), square(4, 4, 6, 6)]]),
    feature('BBBB', null, [[square(20, 0, 22, 2)], [square(30, 0, 31, 1)]]),
    // Smaller than the tolerance: no ring left to draw.
    feature('CCCC', 'Crumb', [[square(40, 40, 40.01, 40.01)]]),
  ],
});
const zones: Record<string, { zone: string; name: string }> = {
  AAAA: { zone: 'ZA', name: 'Zone A' },
  BBBB: { zone: 'ZB', name: 'Zone B' },
};
const zoneOf = (id: string) => zones[id];

describe('airspaceOf', () => {
  const airspace = airspaceOf(layer, zoneOf);
  const byId = (id: string) => airspace.firs.find((f) => f.id === id);

  it('gives every FIR of the layer with its name and the zone zoneOf gives', () => {
    expect(airspace.firs.map((f) => f.id)).toEqual(['AAAA', 'BBBB', 'CCCC']);
    expect(byId('AAAA')).toMatchObject({ name: 'Alpha', zone: 'ZA', zoneName: 'Zone A' });
    expect(byId('BBBB')).toMatchObject({ name: null, zone: 'ZB', zoneName: 'Zone B' });
    expect(byId('CCCC')).toMatchObject({ name: 'Crumb', zone: null, zoneName: null });
  });

  it('gives outer rings and holes of every polygon, closed, thinned', () => {
    const a = byId('AAAA')?.rings ?? [];
    expect(a).toHaveLength(2);
    const [outer, hole] = a as [number[], number[]];
    // 4000 points of 0.01° thinned to one in five.
    expect(outer.length / 2).toBeGreaterThan(700);
    expect(outer.length / 2).toBeLessThan(900);
    expect(outer.slice(0, 2)).toEqual(outer.slice(-2));
    expect(hole.length).toBe(10);
    for (let i = 2; i < outer.length - 2; i += 2) {
      const d = Math.hypot(
        (outer[i] as number) - (outer[i - 2] as number),
        (outer[i + 1] as number) - (outer[i - 1] as number),
      );
      expect(d).toBeGreaterThanOrEqual(0.0499);
    }
    expect(byId('BBBB')?.rings).toHaveLength(2);
  });

  it('drops rings thinned below a triangle', () => {
    expect(byId('CCCC')?.rings).toEqual([]);
  });
});

describe('GET /v1/airspace/firs', () => {
  const db = {
    query: async () => {
      throw new Error('no query');
    },
  } as unknown as Queryable;
  const apps: FastifyInstance[] = [];
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.close();
  });

  it('answers the airspace to a key that reads traffic, cached an hour; computed once', async () => {
    let asked = 0;
    const a = await testApp(db, {
      extraRoutes: [
        airspaceRoutes({
          firs: layer,
          zoneOf: (id) => {
            asked++;
            return zoneOf(id);
          },
        }),
      ],
    });
    apps.push(a);
    expect((await a.inject({ url: '/v1/airspace/firs' })).statusCode).toBe(401);
    const headers = { authorization: `Bearer ${TEST_KEYS.viewer}` };
    const r = await a.inject({ url: '/v1/airspace/firs', headers });
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toBe('public, max-age=3600');
    expect(r.json()).toEqual(airspaceOf(layer, zoneOf));
    expect((await a.inject({ url: '/v1/airspace/firs', headers })).statusCode).toBe(200);
    expect(asked).toBe(3);
  });
});
