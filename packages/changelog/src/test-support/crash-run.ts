// A keyed counter on @overfly/changelog as a child process, SIGKILLed by itself right after
// a changelog write and from outside mid-stream, against an undisturbed run and the counts
// the input gives. crash.int.test.ts (CI) kills it 3 times from outside,
// crash.chaos.test.ts (`pnpm test:chaos`) 5 times.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { committedTotal, isolatedRuntime } from '../../../../tests/support/kafka-runtime.js';
import { samplePosition } from '../../../../tests/support/positions.js';
import { waitFor } from '../../../../tests/support/wait-for.js';
import { META_KEY } from '../keyed-state.js';
import { type Count, countOnAnalyserRecord, KeyedCounter } from './counter.js';

const service = fileURLToPath(new URL('../fixtures/counter-service.ts', import.meta.url));
const MESSAGES = 12_000;
const AIRCRAFT = 30;
/** Each key ends (leaves a marker) after this many messages, and starts again. */
const ENDS_AT = 97;

type Runtime = Awaited<ReturnType<typeof isolatedRuntime>>;

function startService(
  prefix: string,
  extra: Record<string, string> = {},
): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', service], {
    env: {
      ...process.env,
      TOPIC_PREFIX: prefix,
      GROUP_ID: `${prefix}counter`,
      ENDS_AT: String(ENDS_AT),
      CHECKPOINT_INTERVAL_MS: '200',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  return { child, output: () => output };
}

async function publish(ctx: Runtime, from: number, to: number): Promise<void> {
  const producer = await ctx.runtime.producer();
  const records = [];
  for (let seq = from; seq < to; seq++) {
    const value = samplePosition(seq % AIRCRAFT, seq);
    records.push({ key: value.icao24, value });
  }
  await producer.send('flights.updates', records);
}

/** Publishes [from, to) in small steps over about a second, as a live stream would come. */
async function publishSlowly(ctx: Runtime, from: number, to: number): Promise<void> {
  for (let at = from; at < to; at += 100) {
    await publish(ctx, at, Math.min(to, at + 100));
    await sleep(50);
  }
}

/**
 * `partition/key` → state, as the changelog holds it for the group: live keys and meta.
 * Compaction is per partition, and every partition has its own `<group>/~meta`.
 */
async function finalState(ctx: Runtime): Promise<Map<string, Count>> {
  const group = `${ctx.prefix}counter/`;
  const latest = new Map<string, Count | null>();
  await ctx.runtime.readToEnd('fir-analyser.state', (m) => {
    if (m.key === null || !m.key.startsWith(group)) return;
    const count = m.value === null ? null : countOnAnalyserRecord.unwrap(m.value).state;
    latest.set(`${m.partition}/${m.key.slice(group.length)}`, count);
  });
  const state = new Map<string, Count>();
  for (const [key, count] of latest) if (count !== null) state.set(key, count);
  return state;
}

/** The same counts computed straight from the input topic, one counter per partition. */
async function expectedState(ctx: Runtime): Promise<Map<string, Count>> {
  const counters = new Map<number, KeyedCounter>();
  await ctx.runtime.readToEnd('flights.updates', (m) => {
    if (!m.value) return;
    const counter = counters.get(m.partition) ?? new KeyedCounter(ENDS_AT);
    counters.set(m.partition, counter);
    counter.add(m.value.icao24, Number(m.offset));
  });
  const state = new Map<string, Count>();
  for (const [partition, counter] of counters) {
    for (const [key, count] of counter.counts) state.set(`${partition}/${key}`, count);
    state.set(`${partition}/${META_KEY}`, counter.total);
  }
  return state;
}

const sorted = (m: Map<string, Count>) => [...m].sort(([a], [b]) => a.localeCompare(b));

/** Registers the test: the counter killed `outsideKills` times from outside, in as many parts. */
export function describeCounterCrash(outsideKills: number): void {
  const PARTS = outsideKills + 1;
  describe('a keyed counter on @overfly/changelog killed with SIGKILL', () => {
    it('ends in the same state as an undisturbed run, and as the input says', {
      timeout: 420_000,
    }, async () => {
      const calm = await isolatedRuntime('changelog-calm');
      const killed = await isolatedRuntime('changelog-killed');
      const done = (ctx: Runtime) => async () =>
        (await committedTotal(`${ctx.prefix}counter`, `${ctx.prefix}flights.updates`)) === MESSAGES;

      // The reference run, left alone.
      await publish(calm, 0, MESSAGES);
      const reference = startService(calm.prefix);
      try {
        await waitFor(done(calm), {
          timeoutMs: 120_000,
          intervalMs: 250,
          message: 'the undisturbed run to finish',
        });
      } finally {
        reference.child.kill('SIGTERM');
        await once(reference.child, 'exit');
      }

      const size = Math.ceil(MESSAGES / PARTS);
      const kills: number[] = [];
      const outputs: string[] = [];
      await publish(killed, 0, size);
      // Two runs that kill themselves right after their first changelog write, before its
      // commit: the next run resumes from an older offset than its restored state covers.
      for (let i = 0; i < 2; i++) {
        const run = startService(killed.prefix, { KILL_AFTER_STATE_WRITE: '1' });
        const [code, signal] = await once(run.child, 'exit');
        expect({ code, signal }, run.output()).toEqual({ code: null, signal: 'SIGKILL' });
        outputs.push(run.output());
      }
      // Then the rest published in parts, a little at a time, and the service killed from
      // outside in the middle of each part: once it has committed part of it, while the
      // rest is still coming.
      const committedNow = () =>
        committedTotal(`${killed.prefix}counter`, `${killed.prefix}flights.updates`);
      for (let part = 1; part < PARTS; part++) {
        const run = startService(killed.prefix);
        const progressPast = async (offset: number, what: string) =>
          waitFor(
            async () => {
              if (run.child.exitCode !== null)
                throw new Error(`service exited early:\n${run.output()}`);
              const committed = await committedNow();
              return committed > offset ? committed : 0;
            },
            { timeoutMs: 120_000, intervalMs: 20, message: `${what} after restart ${part}` },
          );
        let publishing: Promise<void> = Promise.resolve();
        try {
          await progressPast(await committedNow(), 'progress of its own');
          publishing = publishSlowly(killed, part * size, Math.min(MESSAGES, (part + 1) * size));
          kills.push(await progressPast(part * size, 'progress into the new part'));
        } finally {
          run.child.kill('SIGKILL');
          await once(run.child, 'exit');
          await publishing;
        }
        outputs.push(run.output());
      }
      const last = startService(killed.prefix);
      try {
        await waitFor(done(killed), {
          timeoutMs: 120_000,
          intervalMs: 250,
          message: 'the killed run to finish',
        });
      } finally {
        last.child.kill('SIGTERM');
        await once(last.child, 'exit');
      }
      outputs.push(last.output());
      console.log(`killed from outside at committed offsets ${kills.join(', ')} of ${MESSAGES}`);
      expect(kills).toHaveLength(PARTS - 1);
      // Every kill landed inside its part, with some of the part still to be published.
      expect(kills.every((k, i) => k > (i + 1) * size && k < (i + 2) * size)).toBe(true);
      expect(outputs.join('')).not.toMatch(/^(fatal|error) /m);
      const skipped = [...outputs.join('').matchAll(/skipped (\d+)/g)].reduce(
        (n, m) => n + Number(m[1]),
        0,
      );
      console.log(`${skipped} messages skipped as already in the restored state`);

      const expected = await expectedState(calm);
      expect(expected.size).toBeGreaterThan(AIRCRAFT / 2);
      expect(sorted(await finalState(calm))).toEqual(sorted(expected));
      // The two topics were published alike, so their partitions and offsets agree too.
      expect(sorted(await expectedState(killed))).toEqual(sorted(expected));
      expect(sorted(await finalState(killed))).toEqual(sorted(expected));
      // The self-kills left state ahead of the commit: the runs after them did skip.
      expect(skipped).toBeGreaterThan(0);
    });
  });
}
