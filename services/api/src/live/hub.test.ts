import { decode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { createAircraftTable } from './aircraft-table.js';
import { parseFilter } from './filters.js';
import { createLiveHub, type LiveObserver, type LiveSocket, validateHz } from './hub.js';
import { aircraftState } from './test-support/states.js';

const T = Date.UTC(2024, 5, 1);

interface Message {
  type: string;
  aircraft?: Array<{ icao24: string }>;
  changed?: Array<{ icao24: string; lat: number }>;
  removed?: string[];
}

/** A socket that records what it is sent; `queued` plays the kernel buffer being full. */
function fakeSocket() {
  const frames: Buffer[] = [];
  const socket = {
    queued: 0,
    get bufferedAmount() {
      return this.queued;
    },
    send(data: Buffer) {
      frames.push(data);
    },
  };
  const messages = (): Message[] =>
    frames.map((f) => (f[0] === 0x7b ? JSON.parse(f.toString()) : decode(f)) as Message);
  return { socket: socket as LiveSocket & { queued: number }, frames, messages };
}

const filter = (query: Record<string, unknown>) => {
  const parsed = parseFilter(query, null);
  if (!parsed.ok) throw new Error('bad filter');
  return { filter: parsed.filter, key: parsed.key };
};
const EUROPE = filter({ bbox: '-10,35,30,60' });

function setup(observer: LiveObserver = {}) {
  const table = createAircraftTable({ now: () => T });
  const hub = createLiveHub({
    table,
    hz: 4,
    now: () => T,
    maxBufferedBytes: 1000,
    catchUpSeconds: 1,
    observer,
  });
  return { table, hub };
}

describe('the live hub', () => {
  it('refuses a rate outside 2–5 Hz', () => {
    expect(() => validateHz(1)).toThrow(/2 to 5 Hz/);
    expect(() => validateHz(6)).toThrow(/2 to 5 Hz/);
    expect(() => validateHz(Number.NaN)).toThrow();
    expect(validateHz(2.5)).toBe(2.5);
  });

  it('a snapshot first, then deltas of what changed and what left the filter', () => {
    const { table, hub } = setup();
    table.upsert(aircraftState('aaaaaa', T));
    table.upsert(aircraftState('bbbbbb', T, { longitude: 100 }));
    hub.tick();
    const c = fakeSocket();
    hub.connect(c.socket, 'json', EUROPE);
    hub.tick();
    table.upsert(aircraftState('aaaaaa', T + 1, { latitude: 50 }));
    table.upsert(aircraftState('cccccc', T + 1));
    hub.tick();
    hub.tick(); // nothing changed: nothing sent
    table.upsert(aircraftState('aaaaaa', T + 2, { longitude: 100 })); // leaves the box
    table.remove('cccccc');
    table.remove('bbbbbb'); // never shown to this client: not sent
    hub.tick();
    expect(c.messages()).toEqual([
      { type: 'snapshot', t: T, aircraft: [expect.objectContaining({ icao24: 'aaaaaa' })] },
      {
        type: 'delta',
        t: T,
        changed: [
          expect.objectContaining({ icao24: 'aaaaaa', lat: 50 }),
          expect.objectContaining({ icao24: 'cccccc' }),
        ],
        removed: [],
      },
      { type: 'delta', t: T, changed: [], removed: ['aaaaaa', 'cccccc'] },
    ]);
  });

  it('serialises once per filter group and format, sharing the Buffer', () => {
    const serialised: string[] = [];
    const { table, hub } = setup({
      serialised: (kind, format) => serialised.push(`${kind}/${format}`),
    });
    const sockets = Array.from({ length: 5 }, () => fakeSocket());
    // The same filter written three ways, on five clients; one MessagePack client.
    hub.connect(sockets[0]!.socket, 'json', filter({ callsign: 'afr,baw' }));
    hub.connect(sockets[1]!.socket, 'json', filter({ callsign: 'BAW, AFR' }));
    hub.connect(sockets[2]!.socket, 'json', filter({ callsign: 'BAW,AFR,afr' }));
    hub.connect(sockets[3]!.socket, 'msgpack', filter({ callsign: 'AFR,BAW' }));
    hub.connect(sockets[4]!.socket, 'json', filter({ callsign: 'KLM' }));
    expect(hub.stats().groups).toBe(2);
    table.upsert(aircraftState('aaaaaa', T));
    hub.tick();
    table.upsert(aircraftState('aaaaaa', T + 1));
    table.upsert(aircraftState('bbbbbb', T + 1, { callsign: 'KLM1' }));
    hub.tick();
    expect(serialised.sort()).toEqual(
      [
        'snapshot/json',
        'snapshot/msgpack',
        'snapshot/json',
        'delta/json',
        'delta/msgpack',
        'delta/json',
      ].sort(),
    );
    expect(sockets[1]!.frames[1]).toBe(sockets[0]!.frames[1]);
    expect(sockets[2]!.frames[0]).toBe(sockets[0]!.frames[0]);
    expect(sockets[3]!.messages()).toEqual(sockets[0]!.messages());
  });

  it('passes over a client with a full socket, then catches it up to the latest state', () => {
    let skipped = 0;
    const { table, hub } = setup({ skipped: () => skipped++ });
    const fast = fakeSocket();
    const slow = fakeSocket();
    hub.connect(fast.socket, 'json', EUROPE);
    const slowClient = hub.connect(slow.socket, 'json', EUROPE);
    table.upsert(aircraftState('aaaaaa', T));
    table.upsert(aircraftState('bbbbbb', T));
    hub.tick();
    slow.socket.queued = 5_000;
    table.upsert(aircraftState('aaaaaa', T + 1, { latitude: 41 }));
    hub.tick();
    table.upsert(aircraftState('aaaaaa', T + 2, { latitude: 42 }));
    table.remove('bbbbbb');
    hub.tick();
    expect(skipped).toBe(2);
    expect(slow.frames).toHaveLength(1);
    expect(slowClient.behindTicks).toBe(2);
    slow.socket.queued = 0;
    hub.tick();
    // One message with only the latest position and the removal, not the two it missed.
    expect(slow.messages().slice(1)).toEqual([
      {
        type: 'delta',
        t: T,
        changed: [expect.objectContaining({ icao24: 'aaaaaa', lat: 42 })],
        removed: ['bbbbbb'],
      },
    ]);
    expect(fast.messages()).toHaveLength(3);
    expect(slowClient.behindTicks).toBe(0);
  });

  it('a client behind longer than the catch-up window gets a fresh snapshot', () => {
    const { table, hub } = setup();
    const slow = fakeSocket();
    hub.connect(slow.socket, 'json', EUROPE);
    table.upsert(aircraftState('aaaaaa', T));
    hub.tick();
    slow.socket.queued = 5_000;
    for (let i = 1; i <= 10; i++) {
      table.upsert(aircraftState(`a0000${i % 10}`, T + i));
      if (i === 5) table.remove('aaaaaa');
      hub.tick();
    }
    // catchUpSeconds 1 at 4 Hz: removals are kept for 4 ticks only.
    expect(hub.stats().retainedRemovals).toBeLessThanOrEqual(4);
    slow.socket.queued = 0;
    hub.tick();
    const last = slow.messages().at(-1);
    expect(last?.type).toBe('snapshot');
    expect(last?.aircraft?.map((a) => a.icao24).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `a0000${i}`),
    );
  });

  it('a filter change sends what the new filter shows and removes what it no longer does', () => {
    const { table, hub } = setup();
    const c = fakeSocket();
    const client = hub.connect(c.socket, 'json', EUROPE);
    table.upsert(aircraftState('aaaaaa', T, { callsign: 'AFR1' }));
    table.upsert(aircraftState('bbbbbb', T, { callsign: 'BAW1' }));
    hub.tick();
    client.setFilter(filter({ operator: 'BAW' }));
    expect(client.heldIds).toBe(2);
    hub.tick();
    expect(client.heldIds).toBe(0);
    expect(c.messages()[1]).toEqual({
      type: 'delta',
      t: T,
      changed: [expect.objectContaining({ icao24: 'bbbbbb' })],
      removed: ['aaaaaa'],
    });
    // The old group had only this client: it is gone.
    expect(hub.stats().groups).toBe(1);
    table.upsert(aircraftState('aaaaaa', T + 1, { callsign: 'BAW2' }));
    hub.tick();
    expect(c.messages()[2]?.changed?.map((a) => a.icao24)).toEqual(['aaaaaa']);
  });

  it('forgets a closed client and its group', () => {
    const counts: number[] = [];
    const { hub } = setup({ clients: (n) => counts.push(n) });
    const client = hub.connect(fakeSocket().socket, 'json', EUROPE);
    client.close();
    client.close();
    expect(counts).toEqual([1, 0]);
    expect(hub.stats()).toMatchObject({ clients: 0, groups: 0 });
  });
});
