import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OutgoingRecord, RawRecord } from '@overfly/kafka';
import type { PositionUpdate } from '@overfly/schemas';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../support/endpoints.js';
import { committedTotal, isolatedRuntime } from '../support/kafka-runtime.js';
import { icao24Of, samplePosition } from '../support/positions.js';
import { waitFor } from '../support/wait-for.js';

const fixture = fileURLToPath(new URL('../fixtures/stored-offsets-consumer.ts', import.meta.url));
const MESSAGES = 3_000;
const PARTS = 6;

/** What message `seq` of the stream is: most are valid positions. */
type Kind = 'valid' | 'garbage' | 'tombstone' | 'rejected';
function kindOf(seq: number): Kind {
  if (seq % 37 === 5) return 'garbage'; // not Avro: dead-lettered without reaching the handler
  if (seq % 53 === 7) return 'tombstone'; // stepped over by the loop
  if (seq % 71 === 11) return 'rejected'; // valid Avro the handler refuses
  return 'valid';
}
const seqs = Array.from({ length: MESSAGES }, (_, i) => i);
const poison = seqs.filter((s) => kindOf(s) === 'garbage' || kindOf(s) === 'rejected');
const valid = seqs.filter((s) => kindOf(s) === 'valid');

function startConsumer(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return { child, output: () => out.slice(-4_000) };
}

describe('a consumer in stored-by-service mode killed with SIGKILL', () => {
  let ctx: Awaited<ReturnType<typeof isolatedRuntime>>;
  const pool = new pg.Pool({ connectionString: testEndpoints().databaseUrl, max: 2 });
  const table = `stored_${Math.random().toString(36).slice(2, 10)}`;
  const markers = mkdtempSync(join(tmpdir(), 'overfly-stored-kills-'));

  const count = async (sql: string) =>
    Number((await pool.query<{ c: string }>(sql)).rows[0]?.c ?? 0);
  const stored = () => count(`select coalesce(sum(next), 0) c from ${table}_offsets`);

  /** Publishes messages [from, to) in order: garbage raw, the rest through the serde. */
  async function publish(from: number, to: number): Promise<void> {
    const producer = await ctx.runtime.producer();
    let typed: OutgoingRecord<PositionUpdate>[] = [];
    const flush = async () => {
      if (typed.length > 0) await producer.send('flights.updates', typed);
      typed = [];
    };
    for (let seq = from; seq < to; seq++) {
      const key = icao24Of(seq % 12);
      const headers: Record<string, string> = { seq: String(seq) };
      const kind = kindOf(seq);
      if (kind === 'garbage') {
        await flush();
        const raw: RawRecord = { key, value: Buffer.from(`not avro #${seq}`), headers };
        await producer.sendRaw(`${ctx.prefix}flights.updates`, [raw]);
        continue;
      }
      if (kind === 'rejected') headers.reject = '1';
      typed.push({
        key,
        value: kind === 'tombstone' ? null : samplePosition(seq % 12, seq),
        headers,
      });
    }
    await flush();
  }

  beforeAll(async () => {
    ctx = await isolatedRuntime('stored-crash');
    await pool.query(
      `create table ${table} (seq int not null, partition int not null, "offset" bigint not null)`,
    );
    await pool.query(
      `create table ${table}_offsets (partition int primary key, next bigint not null)`,
    );
  });

  afterAll(async () => {
    await pool.query(`drop table if exists ${table}, ${table}_offsets`);
    await pool.end();
    rmSync(markers, { recursive: true, force: true });
  });

  it('applies every valid message once, dead-letters every poison message once, and leaves the group offsets at the end', {
    timeout: 600_000,
  }, async () => {
    const group = `${ctx.prefix}stored-crash`;
    const env = {
      TOPIC_PREFIX: ctx.prefix,
      GROUP_ID: group,
      TABLE: table,
      KILL_MARKER_DIR: markers,
      // The first undecodable and the first rejected message: killed right after each
      // one's dead letter, before the position past it is stored.
      KILL_AFTER_DEAD_LETTER_OF: [
        seqs.find((s) => kindOf(s) === 'garbage'),
        seqs.find((s) => kindOf(s) === 'rejected'),
      ].join(','),
    };
    const size = Math.ceil(MESSAGES / PARTS);
    await publish(0, size);

    // Two runs that kill themselves in the dead-letter window.
    for (let i = 0; i < 2; i++) {
      const run = startConsumer(env);
      const [code, signal] = await once(run.child, 'exit');
      expect({ code, signal }, run.output()).toEqual({ code: null, signal: 'SIGKILL' });
    }

    // Then killed from outside while the rest of the stream is published: each run once
    // it has stored progress of its own and is near the end of what is published so far,
    // so the kills spread over the stream.
    const kills: number[] = [];
    let progress = await stored();
    for (let part = 1; part < PARTS; part++) {
      const run = startConsumer(env);
      const before = progress;
      const near = part * size - 60;
      try {
        await waitFor(
          async () => {
            if (run.child.exitCode !== null || run.child.signalCode !== null)
              throw new Error(`consumer exited early:\n${run.output()}`);
            progress = await stored();
            return progress > before && progress >= near;
          },
          { timeoutMs: 120_000, intervalMs: 20, message: `progress after restart ${part}` },
        );
      } catch (error) {
        run.child.kill('SIGKILL');
        throw error;
      }
      const publishing = publish(part * size, Math.min(MESSAGES, (part + 1) * size));
      run.child.kill('SIGKILL');
      await once(run.child, 'exit');
      await publishing;
      kills.push(progress);
    }

    const last = startConsumer(env);
    try {
      await waitFor(
        async () => {
          if (last.child.exitCode !== null)
            throw new Error(`consumer exited early:\n${last.output()}`);
          return (await stored()) === MESSAGES;
        },
        { timeoutMs: 180_000, intervalMs: 250, message: 'every position stored' },
      );
      // The group's offsets follow what the service stored: lag shows a drained consumer.
      await waitFor(
        async () => (await committedTotal(group, `${ctx.prefix}flights.updates`)) === MESSAGES,
        { timeoutMs: 20_000, message: 'the group offsets at the end of the topic' },
      );
    } finally {
      last.child.kill('SIGTERM');
      await once(last.child, 'exit');
    }
    expect(kills).toHaveLength(PARTS - 1);
    expect(kills.every((k, i) => k < MESSAGES && (i === 0 || k > kills[i - 1]!))).toBe(true);
    console.log(
      `killed twice after a dead letter, then at stored offsets ${kills.join(', ')} of ${MESSAGES}`,
    );

    // Every valid message's effect exactly once.
    expect(await count(`select count(*) c from ${table}`)).toBe(valid.length);
    expect(await count(`select count(distinct seq) c from ${table}`)).toBe(valid.length);
    const applied = (await pool.query<{ seq: number }>(`select seq from ${table} order by seq`))
      .rows;
    expect(applied.map((r) => r.seq)).toEqual(valid);

    // Every poison message dead-lettered exactly once, with its own code.
    const { letters } = await ctx.runtime.readDeadLetters({ service: 'stored-offsets-fixture' });
    const lettered = letters.map((l) => Number(l.letter.originalHeaders.seq)).sort((a, b) => a - b);
    expect(lettered).toEqual(poison);
    for (const { letter } of letters) {
      const kind = kindOf(Number(letter.originalHeaders.seq));
      expect(letter.errorCode).toBe(
        kind === 'garbage' ? 'KAFKA_SERDE_NO_MAGIC_BYTE' : 'TEST_REJECTED',
      );
    }
    expect(await committedTotal(group, `${ctx.prefix}flights.updates`)).toBe(MESSAGES);
  });
});
