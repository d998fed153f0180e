// What a PostgreSQL restart does to a pool, without stopping the shared server: the server
// ends a connection with 57P01 admin_shutdown both on a restart and on pg_terminate_backend,
// so terminating the pool's backends is the same event for the client, on a real server.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../../../tests/support/endpoints.js';
import { waitFor } from '../../../tests/support/wait-for.js';
import { watchAvailability } from './availability.js';
import { withClient } from './client.js';
import { isDatabaseUnavailable } from './errors.js';
import { createPool, type Pool } from './pool.js';

const { databaseUrl } = testEndpoints();
const pools: Pool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
});

function namedPool(max = 4): { pool: Pool; name: string } {
  const name = `conn-loss-${randomBytes(4).toString('hex')}`;
  const pool = createPool({ url: databaseUrl, max, applicationName: name });
  pools.push(pool);
  return { pool, name };
}

/** Ends every backend of `applicationName` from another connection, as a restart would. */
async function terminate(applicationName: string): Promise<number> {
  const admin = createPool({ url: databaseUrl, max: 1 });
  try {
    const { rows } = await admin.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (
         SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1) t`,
      [applicationName],
    );
    return rows[0]?.n ?? 0;
  } finally {
    await admin.end();
  }
}

/** Parks `n` connections idle in the pool. */
async function parkIdle(pool: Pool, n: number): Promise<void> {
  const clients = await Promise.all(Array.from({ length: n }, () => pool.connect()));
  for (const c of clients) c.release();
}

describe('a pool whose connections PostgreSQL ends (57P01, as on a restart)', () => {
  it('survives its idle and checked-out connections ending, and answers on new ones', async () => {
    const { pool, name } = namedPool();
    await parkIdle(pool, 3);
    expect(pool.idleCount).toBe(3);
    // Idle connections: pg emits 'error' on the pool, which kills a process nobody
    // listens in (the test worker, here).
    expect(await terminate(name)).toBe(3);
    await waitFor(() => pool.totalCount === 0, {
      timeoutMs: 5_000,
      message: 'the pool to drop them',
    });

    // A connection checked out between two queries: pg emits 'error' on the client.
    const failure = await withClient(pool, async (client) => {
      await client.query('SELECT 1');
      await terminate(name);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return client.query('SELECT 1').then(
        () => null,
        (error: unknown) => error,
      );
    });
    expect(isDatabaseUnavailable(failure)).toBe(true);
    const { rows } = await pool.query<{ one: number }>('SELECT 1 AS one');
    expect(rows).toEqual([{ one: 1 }]);
  });

  it('is watched: away once with the reason, answering again once', async () => {
    const { pool, name } = namedPool();
    const lines: Array<{ level: string; message: string }> = [];
    const logger = {
      warn: (_: object, message: string) => lines.push({ level: 'warn', message }),
      info: (_: object, message: string) => lines.push({ level: 'info', message }),
    };
    const availability = watchAvailability(pool, { logger });
    await parkIdle(pool, 2);
    await terminate(name);
    await waitFor(() => availability.state.away, {
      timeoutMs: 5_000,
      message: 'the watch to notice',
    });
    expect(availability.state).toMatchObject({ away: true, reason: '57P01 admin_shutdown' });
    await availability.check(); // PostgreSQL itself never left: the probe finds it answering
    expect(availability.state).toEqual({ away: false });
    expect(lines).toEqual([
      {
        level: 'warn',
        message: expect.stringMatching(
          /^waiting for PostgreSQL at 127\.0\.0\.1:\d+\/\w+ \(57P01 admin_shutdown\), retrying every/,
        ),
      },
      { level: 'info', message: expect.stringMatching(/^PostgreSQL at .* answers again, after/) },
    ]);
  });
});
