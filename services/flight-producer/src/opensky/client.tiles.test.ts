import { describe, expect, it } from 'vitest';
import {
  clientFor,
  startFakeOpenSky,
  stateRow,
  statesBody,
  T0_SECONDS,
} from './test-support/fake-opensky.js';
import type { OpenSkyEvent } from './types.js';

describe('OpenSky tiled requests', () => {
  it('asks once per tile, merges the answers and keeps the newest state of an aircraft on an edge', async () => {
    const fake = await startFakeOpenSky();
    // Every tile sees aircraft ed6e01 (on the tile edges); the eastern tile heard it last.
    fake.onStates = (request) => {
      const lomin = Number(request.query.get('lomin'));
      return {
        body: statesBody(
          [stateRow(`a0000${lomin.toString(16)}`), stateRow('ed6e01', { 4: T0_SECONDS + lomin })],
          T0_SECONDS + (lomin === 10 ? 10 : 0),
        ),
      };
    };
    const events: OpenSkyEvent[] = [];
    const client = clientFor(fake, {
      tileMaxAreaSqDeg: 25,
      tiling: 'always',
      onEvent: (e) => events.push(e),
    });

    // 5° × 15° = 75 sq deg → three 5° × 5° tiles of 1 credit each.
    const result = await client.fetchStates({ lamin: 45, lomin: 0, lamax: 50, lomax: 15 });

    expect(fake.apiRequests.map((r) => r.query.get('lomin')).sort()).toEqual(['0', '10', '5']);
    for (const request of fake.apiRequests) expect(request.query.get('extended')).toBe('1');
    expect(result.tiles).toBe(3);
    expect(result.creditsCharged).toBe(3);
    expect(result.time).toBe(T0_SECONDS + 10);
    expect(result.states.map((s) => s.icao24).sort()).toEqual([
      'a00000',
      'a00005',
      'a0000a',
      'ed6e01',
    ]);
    expect(result.states.find((s) => s.icao24 === 'ed6e01')?.lastContact).toBe(T0_SECONDS + 10);
    expect(events).toContainEqual({ type: 'plan', tiles: 3, credits: 3, untiledCredits: 2 });
  });

  it('sends a large box as one call because that is cheapest', async () => {
    const fake = await startFakeOpenSky();
    const client = clientFor(fake);

    const result = await client.fetchStates({ lamin: 35, lomin: -10, lamax: 60, lomax: 30 });

    expect(fake.apiRequests).toHaveLength(1);
    expect(Object.fromEntries(fake.apiRequests[0]?.query ?? [])).toEqual({
      lamin: '35',
      lomin: '-10',
      lamax: '60',
      lomax: '30',
      extended: '1',
    });
    expect(result).toMatchObject({ tiles: 1, creditsCharged: 4 });
  });

  it('splits a box across the antimeridian into two calls', async () => {
    const fake = await startFakeOpenSky();
    const client = clientFor(fake);

    const result = await client.fetchStates({ lamin: -20, lomin: 175, lamax: -15, lomax: -178 });

    const boxes = fake.apiRequests.map((r) => `${r.query.get('lomin')}..${r.query.get('lomax')}`);
    expect(boxes.sort()).toEqual(['-180..-178', '175..180']);
    expect(result).toMatchObject({ tiles: 2, creditsCharged: 2 });
  });

  it('counts rejected rows by reason and still returns the good ones', async () => {
    const fake = await startFakeOpenSky();
    fake.onStates = () => ({
      body: statesBody([
        stateRow('abc123'),
        stateRow('bad'),
        [1, 2, 3],
        stateRow('abc124', { 8: 1 }),
      ]),
    });
    const events: OpenSkyEvent[] = [];
    const client = clientFor(fake, { onEvent: (e) => events.push(e) });

    const result = await client.fetchStates({ lamin: 45, lomin: 5, lamax: 47, lomax: 8 });

    expect(result.states.map((s) => s.icao24)).toEqual(['abc123']);
    const rejected = events.filter((e) => e.type === 'rows_rejected');
    expect(rejected).toEqual([
      { type: 'rows_rejected', reason: 'icao24', count: 1 },
      { type: 'rows_rejected', reason: 'too_short', count: 1 },
      { type: 'rows_rejected', reason: 'on_ground', count: 1 },
    ]);
  });
});
