import { compileScenario, createSimulation, parseScenario } from '@overfly/scenarios';
import type { PositionUpdate } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../publish/pacer.js';
import { memorySink } from '../replay/test-support/memory-sink.js';
import { runSimulate, type SimulateOptions } from './run-simulate.js';

/** A clock whose sleep moves time forward at once and remembers how long it slept. */
function fakeClock(start = 0): Clock & { slept: number } {
  let now = start;
  return {
    slept: 0,
    now: () => now,
    async sleep(ms) {
      this.slept += ms;
      now += ms;
    },
  };
}

const scenario = compileScenario(
  parseScenario({
    seed: 3,
    start: '2024-09-17T08:00:00Z',
    duration: '40m',
    flights: [
      { kind: 'scripted', origin: 'LSZH', destination: 'LSGG', departure: '1m' },
      {
        kind: 'generated',
        count: 20,
        airports: ['EDDF', 'EDDM', 'LOWW', 'LSZH'],
        startAirborne: true,
      },
    ],
  }),
);
const options: SimulateOptions = {
  speed: 'max',
  maxGapMs: null,
  batchSize: 100,
  stateThrottleMs: 5_000,
  stateWallThrottleMs: 0,
  tombstoneAfterMs: 300_000,
  atEnd: 'keep',
};
const offline = [...createSimulation(scenario).positions()];

describe('simulating into the replay publisher', () => {
  it("publishes exactly the generator's positions, as SIMULATED, stamped when sent", async () => {
    const { sink, updates } = memorySink();
    const stats = await runSimulate(scenario, options, { sink, clock: fakeClock(42) });
    expect(updates).toHaveLength(offline.length);
    expect(stats).toMatchObject({ published: offline.length, flights: 21 });
    const strip = ({ receivedAt: _r, ...rest }: PositionUpdate) => rest;
    expect(updates.map(strip)).toEqual(offline.map(strip));
    expect(updates.every((u) => u.source === 'SIMULATED' && u.receivedAt === 42)).toBe(true);
  });

  it('writes the last position of each aircraft to flights.state, then tombstones the ones gone 5 min', async () => {
    const { sink, states } = memorySink();
    await runSimulate(scenario, options, { sink, clock: fakeClock() });
    const lastState = new Map<string, number>();
    const latest = new Map(states.map((s) => [s.key, s.value]));
    for (const s of states) if (s.value) lastState.set(s.key ?? '', s.value.positionTime);
    const lastFix = new Map(offline.map((p) => [p.icao24, p.positionTime]));
    expect(lastState).toEqual(lastFix);
    const end = Math.max(...lastFix.values());
    for (const [icao24, t] of lastFix) {
      expect(latest.get(icao24) === null, icao24).toBe(end - t >= options.tombstoneAfterMs);
    }
    // A report every 10 s is never throttled at 5 s: one state per position.
    expect(states.filter((s) => s.value !== null)).toHaveLength(offline.length);
  });

  it('tombstones the aircraft that landed, and every aircraft at the end when asked', async () => {
    const { sink, states } = memorySink();
    const stats = await runSimulate(
      scenario,
      { ...options, atEnd: 'tombstone' },
      { sink, clock: fakeClock() },
    );
    const latest = new Map(states.map((s) => [s.key, s.value]));
    expect([...latest.values()].every((v) => v === null)).toBe(true);
    expect(stats.tombstones).toBe(latest.size);
  });

  it('waits event time ÷ speed', async () => {
    const clock = fakeClock();
    const { sink } = memorySink();
    await runSimulate(scenario, { ...options, speed: 60 }, { sink, clock });
    const span = (offline.at(-1)?.positionTime ?? 0) - (offline[0]?.positionTime ?? 0);
    expect(clock.slept).toBeCloseTo(span / 60, -1);
  });

  it('skips the positions before skipBefore (a run joining a day late)', async () => {
    const { sink, updates } = memorySink();
    const from = scenario.start + 20 * 60_000;
    await runSimulate(scenario, { ...options, skipBefore: from }, { sink, clock: fakeClock() });
    expect(updates.length).toBe(offline.filter((p) => p.positionTime >= from).length);
    expect(updates.every((u) => u.positionTime >= from)).toBe(true);
  });

  it('asks deps.atEnd how to leave flights.state when given (a stopped run tombstones)', async () => {
    const { sink, states } = memorySink();
    await runSimulate(scenario, options, { sink, clock: fakeClock(), atEnd: () => 'tombstone' });
    expect(
      [...new Map(states.map((s) => [s.key, s.value])).values()].every((v) => v === null),
    ).toBe(true);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const { sink, updates } = memorySink();
    const clock = fakeClock();
    const sleep = clock.sleep.bind(clock);
    clock.sleep = async (ms) => {
      await sleep(ms);
      if (updates.length >= 50) controller.abort();
    };
    await runSimulate(
      scenario,
      { ...options, speed: 1, batchSize: 10 },
      { sink, clock, signal: controller.signal },
    );
    expect(updates.length).toBeLessThan(offline.length);
  });
});
