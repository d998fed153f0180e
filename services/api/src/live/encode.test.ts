import { decode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import type { AircraftEntry } from './aircraft-table.js';
import { encodeDelta, encodeError, encodeSnapshot, liveAircraftOf } from './encode.js';
import { aircraftState } from './test-support/states.js';

const T = Date.UTC(2024, 5, 1);
const entries = (): AircraftEntry[] => [
  { state: aircraftState('aaaaaa', T, { latitude: 48.1234567, longitude: -2.0000049 }) },
  {
    state: aircraftState('bbbbbb', T, {
      baroAltitudeM: null,
      geoAltitudeM: 1234.6,
      callsign: null,
    }),
  },
];

describe('live encoders', () => {
  it('a compact, rounded record per aircraft', () => {
    const [a, b] = entries();
    expect(liveAircraftOf(a!)).toEqual({
      icao24: 'aaaaaa',
      callsign: 'AFR123',
      lat: 48.12346,
      lon: -2.0,
      alt: 10_000,
      onGround: false,
      speed: 230,
      track: 90,
      vRate: 0,
      squawk: '1000',
      positionTime: T,
    });
    expect(liveAircraftOf(b!)).toMatchObject({ alt: 1235, callsign: null });
  });

  it('JSON snapshot and delta are text frames of the documented shape', () => {
    const list = entries();
    const snapshot = encodeSnapshot('json', 42, list);
    expect(snapshot.binary).toBe(false);
    expect(JSON.parse(snapshot.data.toString())).toEqual({
      type: 'snapshot',
      t: 42,
      aircraft: list.map(liveAircraftOf),
    });
    const delta = encodeDelta('json', 43, [list[1]!], ['cccccc']);
    expect(JSON.parse(delta.data.toString())).toEqual({
      type: 'delta',
      t: 43,
      changed: [liveAircraftOf(list[1]!)],
      removed: ['cccccc'],
    });
    expect(JSON.parse(encodeDelta('json', 1, [], []).data.toString())).toEqual({
      type: 'delta',
      t: 1,
      changed: [],
      removed: [],
    });
  });

  it('MessagePack frames decode to the same objects as JSON, at every array size', () => {
    for (const n of [0, 1, 15, 16, 70_000]) {
      const list: AircraftEntry[] = Array.from({ length: n }, (_, i) => ({
        state: aircraftState(i.toString(16).padStart(6, '0'), T + i),
      }));
      const packed = encodeSnapshot('msgpack', T, list);
      expect(packed.binary).toBe(true);
      const json = JSON.parse(encodeSnapshot('json', T, list).data.toString());
      expect(decode(packed.data)).toEqual(json);
    }
    const list = entries();
    const ids = Array.from({ length: 20 }, (_, i) => String(i));
    expect(decode(encodeDelta('msgpack', T, list, ids).data)).toEqual(
      JSON.parse(encodeDelta('json', T, list, ids).data.toString()),
    );
  });

  it('encodes each aircraft once per change, whatever the number of messages', () => {
    const [a] = entries();
    encodeSnapshot('json', 1, [a!]);
    const cached = a!.json;
    expect(cached).toBeDefined();
    encodeDelta('json', 2, [a!], []);
    expect(a!.json).toBe(cached);
  });

  it('errors name the fields', () => {
    const frame = encodeError('msgpack', 'Bad Request', [{ field: 'bbox', message: 'bad' }]);
    expect(decode(frame.data)).toEqual({
      type: 'error',
      status: 400,
      title: 'Bad Request',
      errors: [{ field: 'bbox', message: 'bad' }],
    });
  });
});
