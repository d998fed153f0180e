import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../support/endpoints.js';
import { committedTotal, isolatedRuntime } from '../support/kafka-runtime.js';
import { icao24Of, samplePosition } from '../support/positions.js';
import { waitFor } from '../support/wait-for.js';

const fixture = fileURLToPath(new URL('../fixtures/effect-once-consumer.ts', import.meta.url));
const MESSAGES = 200;

function startConsumer(env: Record<string, string>): { child: ChildProcess; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return { child, stderr: () => err };
}

describe('a consumer process that dies', () => {
  let ctx: Awaited<ReturnType<typeof isolatedRuntime>>;
  const pool = new pg.Pool({ connectionString: testEndpoints().databaseUrl, max: 2 });
  const table = `effects_${Math.random().toString(36).slice(2, 10)}`;

  const count = async (sql: string) =>
    Number((await pool.query<{ c: string }>(sql)).rows[0]?.c ?? 0);

  beforeAll(async () => {
    ctx = await isolatedRuntime('crash');
    await pool.query(`create table ${table} (seq int primary key, icao24 text not null)`);
    await pool.query(`create table ${table}_deliveries (seq int primary key, n int not null)`);
    const producer = await ctx.runtime.producer();
    await producer.send(
      'flights.updates',
      Array.from({ length: MESSAGES }, (_, i) => ({
        key: icao24Of(i % 7),
        value: samplePosition(i % 7, i),
        headers: { seq: String(i) },
      })),
    );
  });

  afterAll(async () => {
    await pool.query(`drop table if exists ${table}, ${table}_deliveries`);
    await pool.end();
  });

  it('gets the message again after SIGKILL between effect and commit, and the effect happens once', async () => {
    const env = {
      TOPIC_PREFIX: ctx.prefix,
      GROUP_ID: `${ctx.prefix}killed`,
      TABLE: table,
      KILL_AFTER_EFFECT_OF: '120',
    };
    const first = startConsumer(env);
    const [code, signal] = await once(first.child, 'exit');
    expect({ code, signal }, first.stderr()).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await count(`select count(*) c from ${table} where seq = 120`)).toBe(1);

    const second = startConsumer(env);
    try {
      await waitFor(async () => (await count(`select count(*) c from ${table}`)) === MESSAGES, {
        timeoutMs: 60_000,
        message: `all ${MESSAGES} effects after the restart`,
      });
      // Delivered twice (the kill came before the commit), applied once.
      expect(
        await count(`select n c from ${table}_deliveries where seq = 120`),
      ).toBeGreaterThanOrEqual(2);
      expect(await count(`select count(*) c from ${table} where seq = 120`)).toBe(1);
      expect(await count(`select count(distinct seq) c from ${table}`)).toBe(MESSAGES);
    } finally {
      second.child.kill('SIGTERM');
      await once(second.child, 'exit');
    }
  });

  it('on SIGTERM finishes its batch, commits, and exits 0 in time; a restart re-delivers nothing', async () => {
    const group = `${ctx.prefix}terminated`;
    await pool.query(`truncate ${table}, ${table}_deliveries`);
    const env = { TOPIC_PREFIX: ctx.prefix, GROUP_ID: group, TABLE: table, SLOW_MS: '20' };
    const first = startConsumer(env);
    await waitFor(async () => (await count(`select count(*) c from ${table}`)) >= 30, {
      timeoutMs: 60_000,
      message: 'some messages processed before SIGTERM',
    });
    const started = Date.now();
    first.child.kill('SIGTERM');
    const [code] = await once(first.child, 'exit');
    expect(code, first.stderr()).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);

    const done = await count(`select count(*) c from ${table}`);
    expect(await committedTotal(group, `${ctx.prefix}flights.updates`)).toBe(done);

    const second = startConsumer({ ...env, SLOW_MS: '0' });
    try {
      await waitFor(async () => (await count(`select count(*) c from ${table}`)) === MESSAGES, {
        timeoutMs: 60_000,
        message: 'the rest after the restart',
      });
      expect(await count(`select count(*) c from ${table}_deliveries where n > 1`)).toBe(0);
    } finally {
      second.child.kill('SIGTERM');
      await once(second.child, 'exit');
    }
  });
});
