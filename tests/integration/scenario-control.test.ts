// Start, switch and stop the simulated day while flight-producer (simulate) and ops-feed
// (mock) run, through scenario.control and `pnpm overfly scenario`, on the real Kafka and
// registry: both services follow the one record, the old day's aircraft are tombstoned, and
// a stop is silence. The two days are told apart by their dates (2024 and 2030).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedRuntime } from '../support/kafka-runtime.js';
import { waitFor } from '../support/wait-for.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const X = { name: 'network-normal', start: '2024-09-17T06:00:00Z', year: 2024, day: '20240917' };
const Y = { name: 'network-cascade', start: '2030-01-07T06:00:00Z', year: 2030, day: '20300107' };
const SPEED = '300';

interface Seen {
  topic: string;
  key: string | null;
  /** The producer's time of the record. */
  timestamp: number;
  /** The year of the day it belongs to (position or schedule), null for a tombstone. */
  year: number | null;
  value: unknown;
}

const yearOf = (t: number) => new Date(t).getUTCFullYear();

function startService(name: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', `services/${name}/src/main.ts`], {
    cwd: root,
    env: { ...process.env, SCENARIO_CONTROL: 'on', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => {
    output += d.toString();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => output };
}

async function cli(prefix: string, ...args: string[]): Promise<{ code: number; output: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/overfly.ts', 'scenario', ...args],
    {
      cwd: root,
      env: { ...process.env, TOPIC_PREFIX: prefix },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const [code] = (await once(child, 'exit')) as [number];
  return { code, output };
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

describe('scenario.control: start, switch and stop while the services run', () => {
  let ctx: Awaited<ReturnType<typeof isolatedRuntime>>;
  const seen: Seen[] = [];
  let producer: ReturnType<typeof startService>;
  let feed: ReturnType<typeof startService>;
  const outputs = () =>
    `flight-producer:\n${producer.output().slice(-3000)}\nops-feed:\n${feed.output().slice(-3000)}`;
  const of = (topic: string, year: number | null) =>
    seen.filter((s) => s.topic.endsWith(topic) && s.year === year);

  beforeAll(async () => {
    ctx = await isolatedRuntime('scenario-control');
    // Both services start with a STOP in force: idle, not their environment's scenario.
    expect((await cli(ctx.prefix, 'stop')).code).toBe(0);
    const reader = ctx.open('test-scenario-control-reader');
    await reader.consume({
      groupId: `${ctx.prefix}reader`,
      topics: [
        'flights.updates',
        'flights.state',
        'flight.schedules',
        'external.weather',
        'passenger.manifests',
      ],
      fromBeginning: true,
      handle: async (m) => {
        const v = m.value as Record<string, unknown> | null;
        let year: number | null = null;
        if (v && typeof v.positionTime === 'number') year = yearOf(v.positionTime);
        else if (v && typeof v.scheduledDeparture === 'number') year = yearOf(v.scheduledDeparture);
        else if (v && typeof v.observedAt === 'number') year = yearOf(v.observedAt);
        else if (v && typeof v.scheduleId === 'string')
          year = Number(v.scheduleId.split('-').at(-2)?.slice(0, 4));
        seen.push({ topic: m.topic, key: m.key, timestamp: m.timestamp, year, value: v });
      },
    });
    producer = startService('flight-producer', {
      MODE: 'simulate',
      SCENARIO: 'a319-north',
      TOPIC_PREFIX: ctx.prefix,
      STATE_THROTTLE: '30s',
    });
    feed = startService('ops-feed', { OPS_FEED_MODE: 'mock', TOPIC_PREFIX: ctx.prefix });
    await waitFor(
      () =>
        producer.output().includes('scenario stopped') &&
        feed.output().includes('scenario stopped'),
      { timeoutMs: 90_000, message: 'both services idle under the STOP in force' },
    ).catch((error) => {
      throw new Error(`${(error as Error).message}\n${outputs()}`);
    });
  });

  afterAll(async () => {
    await Promise.all([producer && stop(producer.child), feed && stop(feed.child)]);
  });

  it('starts X in both, switches to Y (X tombstoned, no X after), refuses a bad command, stops to silence', async () => {
    const fail = (error: unknown) => {
      throw new Error(`${(error as Error).message}\n${outputs()}`);
    };
    // Idle: nothing of any day yet.
    expect(seen.filter((s) => s.value !== null)).toEqual([]);

    // Start X.
    const startX = await cli(ctx.prefix, 'start', X.name, '--speed', SPEED, '--start', X.start);
    expect(startX.code, startX.output).toBe(0);
    await waitFor(
      () => of('flights.updates', X.year).length > 0 && of('flight.schedules', X.year).length > 0,
      { timeoutMs: 90_000, message: `positions and schedules of ${X.name}` },
    ).catch(fail);
    const status = await cli(ctx.prefix, 'status');
    expect(status.output).toContain(
      `in force: ${X.name} from 2024-09-17T06:00:00.000Z at ${SPEED}×`,
    );
    for (const s of of('flight.schedules', X.year))
      expect(String((s.value as { scheduleId: string }).scheduleId)).toContain(X.day);

    // Switch to Y.
    const startY = await cli(ctx.prefix, 'start', Y.name, '--speed', SPEED, '--start', Y.start);
    expect(startY.code, startY.output).toBe(0);
    await waitFor(
      () => of('flights.updates', Y.year).length > 0 && of('flight.schedules', Y.year).length > 0,
      { timeoutMs: 90_000, message: `positions and schedules of ${Y.name}` },
    ).catch(fail);

    // A bad command written past the CLI: both refuse it (dead letter), Y goes on.
    await (await ctx.runtime.producer()).send('scenario.control', [
      {
        key: 'simulation',
        value: {
          commandId: 'bad-1',
          action: 'START',
          scenario: 'moon-day',
          seed: null,
          startTime: Date.parse(Y.start),
          speed: 10,
          issuedAt: Date.now(),
          issuedBy: 'test',
        },
      },
    ]);
    const letters = await waitFor(
      async () => {
        const { letters } = await ctx.runtime.readDeadLetters();
        const mine = letters.filter((l) => l.letter.sourceTopic.endsWith('scenario.control'));
        return mine.length >= 2 ? mine : null;
      },
      { timeoutMs: 30_000, message: 'dead letters of the bad command from both services' },
    ).catch(fail);
    expect(new Set(letters.map((l) => l.letter.service))).toEqual(
      new Set(['flight-producer', 'ops-feed']),
    );
    expect(letters.map((l) => l.letter.errorCode).sort()).toEqual([
      'OPS_FEED_SCENARIO_UNAVAILABLE',
      'SCENARIOS_NOT_FOUND',
    ]);
    const beforeBad = of('flights.updates', Y.year).length;
    await waitFor(() => of('flights.updates', Y.year).length > beforeBad, {
      timeoutMs: 30_000,
      message: `${Y.name} still playing after the bad command`,
    }).catch(fail);
    expect(producer.child.exitCode).toBeNull();
    expect(feed.child.exitCode).toBeNull();

    // Nothing of X after the first record of Y, per topic (the producers' times).
    for (const topic of ['flights.updates', 'flight.schedules']) {
      const lastX = Math.max(...of(topic, X.year).map((s) => s.timestamp));
      const firstY = Math.min(...of(topic, Y.year).map((s) => s.timestamp));
      expect(lastX, topic).toBeLessThanOrEqual(firstY);
    }
    // Every aircraft X left on flights.state got a tombstone after its last X state and
    // before Y's first position: at the switch, not at some later expiry.
    const states = seen.filter((s) => s.topic.endsWith('flights.state'));
    const lastXState = new Map<string, number>();
    for (const s of states) if (s.year === X.year && s.key) lastXState.set(s.key, s.timestamp);
    expect(lastXState.size).toBeGreaterThan(0);
    const firstY = Math.min(...of('flights.updates', Y.year).map((s) => s.timestamp));
    const ghosts = [...lastXState].filter(
      ([key, at]) =>
        !states.some(
          (s) => s.key === key && s.value === null && s.timestamp >= at && s.timestamp <= firstY,
        ),
    );
    expect(ghosts).toEqual([]);

    // Stop: Y's aircraft tombstoned, then silence.
    const stopped = await cli(ctx.prefix, 'stop');
    expect(stopped.code, stopped.output).toBe(0);
    const sentAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    const late = seen.filter((s) => s.timestamp > sentAt + 3_000);
    expect(late.filter((s) => s.value !== null)).toEqual([]);
    const open = new Map<string, boolean>();
    for (const s of seen.filter((x) => x.topic.endsWith('flights.state')))
      if (s.key) open.set(s.key, s.value !== null);
    expect([...open].filter(([, live]) => live)).toEqual([]);
    expect((await cli(ctx.prefix, 'status')).output).toContain('in force: stopped');
  });
});
