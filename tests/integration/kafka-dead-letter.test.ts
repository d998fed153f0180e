import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  deadLetterHeaders,
  RESENT_FROM_HEADER,
  RejectedMessageError,
  tailTopics,
} from '@overfly/kafka';
import type { PositionUpdate } from '@overfly/schemas';
import { beforeAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../support/endpoints.js';
import { isolatedRuntime } from '../support/kafka-runtime.js';
import { icao24Of, samplePosition } from '../support/positions.js';
import { waitFor } from '../support/wait-for.js';

const TOTAL = 1_000;
const AIRCRAFT = 20;
// Five messages whose bytes are not Avro at all, five valid ones the handler keeps failing on.
const GARBAGE_AT = new Set([17, 203, 404, 611, 998]);
const FAILING_AT = new Set([5, 250, 500, 750, 999]);

describe('consumer loop with poison messages', () => {
  let ctx: Awaited<ReturnType<typeof isolatedRuntime>>;
  const seen = new Map<string, number[]>();
  const failingAttempts = new Map<number, number>();

  beforeAll(async () => {
    ctx = await isolatedRuntime('dlq');
    const producer = await ctx.runtime.producer();
    for (let i = 0; i < TOTAL; i++) {
      const aircraft = i % AIRCRAFT;
      if (GARBAGE_AT.has(i)) {
        await producer.sendRaw(`${ctx.prefix}flights.updates`, [
          {
            key: icao24Of(aircraft),
            value: Buffer.from(`not avro #${i}`),
            headers: { seq: String(i) },
          },
        ]);
      } else {
        await producer.send('flights.updates', [
          {
            key: icao24Of(aircraft),
            value: samplePosition(aircraft, i),
            headers: { seq: String(i) },
          },
        ]);
      }
    }

    await ctx.runtime.consume({
      groupId: `${ctx.prefix}dlq-test`,
      topics: ['flights.updates'],
      fromBeginning: true,
      retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
      handle: async (message) => {
        const value = message.value as PositionUpdate;
        const seq = Number(message.headers.seq);
        if (FAILING_AT.has(seq)) {
          failingAttempts.set(seq, (failingAttempts.get(seq) ?? 0) + 1);
          throw Object.assign(new Error(`cannot process position #${seq}`), {
            code: 'TEST_ALWAYS_FAILS',
            retriable: true,
          });
        }
        const list = seen.get(value.icao24) ?? [];
        list.push(seq);
        seen.set(value.icao24, list);
      },
    });
    await waitFor(() => [...seen.values()].reduce((n, l) => n + l.length, 0) === TOTAL - 10, {
      timeoutMs: 60_000,
      message: 'the 990 good messages to be processed',
    });
  });

  it('processes the 990 good messages, each once, in order per key', () => {
    const all = [...seen.values()].flat();
    expect(all).toHaveLength(TOTAL - 10);
    expect(new Set(all).size).toBe(TOTAL - 10);
    for (const [, seqs] of seen) {
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
  });

  it('retries a failing message the bounded number of times before giving up on it', () => {
    for (const seq of FAILING_AT) expect(failingAttempts.get(seq)).toBe(3);
  });

  it('writes exactly 10 dead letters, each with every header and the original bytes', async () => {
    let { letters } = await ctx.runtime.readDeadLetters();
    await waitFor(
      async () => {
        ({ letters } = await ctx.runtime.readDeadLetters());
        return letters.length >= 10;
      },
      { timeoutMs: 20_000, message: '10 dead letters' },
    );
    expect(letters).toHaveLength(10);

    const seqs = letters.map((l) => Number(l.letter.originalHeaders.seq)).sort((a, b) => a - b);
    expect(seqs).toEqual([...GARBAGE_AT, ...FAILING_AT].sort((a, b) => a - b));

    for (const { letter } of letters) {
      const seq = Number(letter.originalHeaders.seq);
      expect(letter.sourceTopic).toBe(`${ctx.prefix}flights.updates`);
      expect(letter.service).toBe('test-dlq');
      expect(letter.originalKey?.toString()).toBe(icao24Of(seq % AIRCRAFT));
      if (GARBAGE_AT.has(seq)) {
        expect(letter.errorCode).toBe('KAFKA_SERDE_NO_MAGIC_BYTE');
        expect(letter.attempts).toBe(1);
        expect(letter.originalValue?.toString()).toBe(`not avro #${seq}`);
      } else {
        expect(letter.errorCode).toBe('TEST_ALWAYS_FAILS');
        expect(letter.attempts).toBe(3);
        expect(letter.errorMessage).toBe(`cannot process position #${seq}`);
      }
    }

    // The same facts as Kafka headers, for tools that have no registry.
    const headerSets: Record<string, string>[] = [];
    const tail = await tailTopics({
      brokers: testEndpoints().brokers,
      groupId: `${ctx.prefix}header-reader`,
      topics: [`${ctx.prefix}dead.letter`],
      fromBeginning: true,
      onMessage: (message) => {
        headerSets.push(message.headers);
      },
    });
    await waitFor(() => headerSets.length === 10, {
      timeoutMs: 20_000,
      message: 'raw dead letters',
    });
    await tail.stop();
    for (const headers of headerSets) {
      for (const name of Object.values(deadLetterHeaders))
        expect(headers[name], name).toBeDefined();
      expect(headers[deadLetterHeaders.sourceTopic]).toBe(`${ctx.prefix}flights.updates`);
      expect(Number(headers[deadLetterHeaders.sourcePartition])).toBeGreaterThanOrEqual(0);
      expect(Number(headers[deadLetterHeaders.sourceOffset])).toBeGreaterThanOrEqual(0);
      expect(headers[deadLetterHeaders.service]).toBe('test-dlq');
      expect(['KAFKA_SERDE_NO_MAGIC_BYTE', 'TEST_ALWAYS_FAILS']).toContain(
        headers[deadLetterHeaders.errorCode],
      );
      expect(Number(headers[deadLetterHeaders.timestamp])).toBeGreaterThan(Date.now() - 600_000);
    }
  });

  it('re-sends selected dead letters to their source topic with their original bytes', async () => {
    const { letters: selected, unreadable } = await ctx.runtime.readDeadLetters({
      errorCode: 'TEST_ALWAYS_FAILS',
    });
    expect(unreadable).toEqual([]);
    expect(selected).toHaveLength(5);

    const resent: { seq: number; from: string | undefined }[] = [];
    const second = ctx.open('test-dlq-resent');
    await second.consume({
      groupId: `${ctx.prefix}replay-reader`,
      topics: ['flights.updates'],
      fromBeginning: true,
      handle: async (message) => {
        if (message.headers[RESENT_FROM_HEADER]) {
          resent.push({
            seq: Number(message.headers.seq),
            from: message.headers[RESENT_FROM_HEADER],
          });
        }
      },
    });
    expect(await ctx.runtime.resendDeadLetters(selected)).toBe(5);
    await waitFor(() => resent.length === 5, {
      timeoutMs: 30_000,
      message: '5 re-sent messages',
    });
    expect(resent.map((r) => r.seq).sort((a, b) => a - b)).toEqual(
      [...FAILING_AT].sort((a, b) => a - b),
    );
    expect(resent.every((r) => r.from?.startsWith(`${ctx.prefix}dead.letter/`))).toBe(true);
  });

  it('dead-letters at once, without retrying, what the handler rejects as invalid', async () => {
    const rt = ctx.open('test-dlq-reject');
    let calls = 0;
    const producer = await rt.producer();
    await producer.send('flight.events', [
      {
        key: 'reject-me',
        value: {
          eventId: 'e-1',
          flightId: 'f-1',
          icao24: 'abc123',
          callsign: null,
          type: 'TAKEOFF',
          occurredAt: Date.now(),
          latitude: null,
          longitude: null,
          airportIcao: null,
          firId: null,
          delayMinutes: null,
          attributes: {},
          evidence: [],
          producedAt: Date.now(),
        },
      },
    ]);
    await rt.consume({
      groupId: `${ctx.prefix}reject`,
      topics: ['flight.events'],
      fromBeginning: true,
      handle: async () => {
        calls++;
        throw new RejectedMessageError('EVENT_INVALID', 'take-off without an airport');
      },
    });
    await waitFor(
      async () =>
        (await ctx.runtime.readDeadLetters({ errorCode: 'EVENT_INVALID' })).letters.length === 1,
      {
        timeoutMs: 30_000,
        message: 'the rejected event in dead.letter',
      },
    );
    expect(calls).toBe(1);
  });

  it('reports a record in dead.letter that is not a dead letter, and still returns the rest', async () => {
    const producer = await ctx.runtime.producer();
    await producer.sendRaw(`${ctx.prefix}dead.letter`, [
      { key: 'hand-written', value: Buffer.from('{"oops":true}') },
    ]);
    const { letters, unreadable } = await ctx.runtime.readDeadLetters();
    expect(unreadable).toHaveLength(1);
    expect(unreadable[0]?.error).toMatch(/wire format/);
    expect(letters.length).toBeGreaterThanOrEqual(10);
  });

  it('limits a selection to the oldest failures', async () => {
    const { letters: all } = await ctx.runtime.readDeadLetters();
    const { letters: oldest } = await ctx.runtime.readDeadLetters({ limit: 3 });
    expect(oldest.map((l) => l.id)).toEqual(all.slice(0, 3).map((l) => l.id));
    expect(all.map((l) => l.letter.failedAt)).toEqual(
      [...all.map((l) => l.letter.failedAt)].sort((a, b) => a - b),
    );
  });

  it('lists and replays dead letters from the command line', async () => {
    const cli = fileURLToPath(new URL('../../scripts/dead-letters.ts', import.meta.url));
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', cli, ...args, '--topic-prefix', ctx.prefix], {
        encoding: 'utf8',
        env: process.env,
        timeout: 90_000,
      });

    // The replay test's second consumer group dead-lettered the same garbage again, as
    // service test-dlq-resent: the service filter tells the two apart.
    const listed = run(
      'list',
      '--error-code',
      'KAFKA_SERDE_NO_MAGIC_BYTE',
      '--service',
      'test-dlq',
      '--json',
    );
    expect(listed.status, listed.stderr).toBe(0);
    const rows = listed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { errorCode: string; sourceTopic: string });
    expect(rows).toHaveLength(5);
    expect(
      rows.every(
        (r) =>
          r.errorCode === 'KAFKA_SERDE_NO_MAGIC_BYTE' &&
          r.sourceTopic === `${ctx.prefix}flights.updates`,
      ),
    ).toBe(true);
    expect(listed.stderr).toContain('unreadable record');

    const dry = run(
      'resend',
      '--error-code',
      'KAFKA_SERDE_NO_MAGIC_BYTE',
      '--service',
      'test-dlq',
      '--dry-run',
    );
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stderr).toContain('5 dead letter(s) selected (dry run: nothing sent)');

    const bad = run('resend', '--limit', 'many');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--limit: expected a positive whole number, got many');
  });
});
