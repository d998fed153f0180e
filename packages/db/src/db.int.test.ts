import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../../../tests/support/endpoints.js';
import { withAdvisoryLock, withSessionLock } from './advisory-lock.js';
import { DbError } from './errors.js';
import { migrate } from './migrations.js';
import { createPool, type Pool } from './pool.js';
import { dropSchema, uniqueSchema } from './test-support/schema.js';
import { inTransaction, withTransaction } from './transaction.js';

const { databaseUrl } = testEndpoints();
const fixtures = fileURLToPath(new URL('./fixtures/migrations-ok', import.meta.url));
const pools: Pool[] = [];
const schemas: string[] = [];

function poolIn(schema: string): Pool {
  const pool = createPool({ url: databaseUrl, schema, max: 4 });
  pools.push(pool);
  return pool;
}
function freshSchema(label: string): string {
  const schema = uniqueSchema(label);
  schemas.push(schema);
  return schema;
}

afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  for (const schema of schemas) await dropSchema(databaseUrl, schema);
});

describe('migrate', () => {
  it('applies each file once even when three instances start together', async () => {
    const schema = freshSchema('migrate');
    const starters = [poolIn(schema), poolIn(schema), poolIn(schema)];
    const results = await Promise.all(starters.map((p) => migrate(p, fixtures, { schema })));
    expect(results.flatMap((r) => r.applied).map((a) => a.version)).toEqual([1, 2]);
    const { rows } = await starters[0]!.query(
      'SELECT version, name FROM schema_migrations ORDER BY 1',
    );
    expect(rows).toEqual([
      { version: 1, name: 'create_things' },
      { version: 2, name: 'seed_things' },
    ]);
    const things = await starters[0]!.query('SELECT count(*)::int AS n FROM things');
    expect(things.rows[0]).toEqual({ n: 1 });
    expect((await migrate(starters[1]!, fixtures, { schema })).applied).toEqual([]);
  });

  it('rolls a failing migration back whole and records nothing for it', async () => {
    const schema = freshSchema('migrate_fail');
    const dir = mkdtempSync(join(tmpdir(), 'overfly-migrations-'));
    writeFileSync(join(dir, '001_ok.sql'), 'CREATE TABLE a (id int);');
    writeFileSync(join(dir, '002_broken.sql'), 'CREATE TABLE b (id int); SELEC 1;');
    const pool = poolIn(schema);
    const failure = await migrate(pool, dir, { schema }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DbError);
    expect((failure as DbError).code).toBe('DB_MIGRATION_FAILED');
    const { rows } = await pool.query(
      "SELECT to_regclass('b') IS NULL AS no_b, (SELECT count(*)::int FROM schema_migrations) AS n",
    );
    expect(rows[0]).toEqual({ no_b: true, n: 1 });
  });

  // A pool waiting for a second connection never answers: the timeout is the failure.
  it('runs on a pool of one connection: the lock and the migrations share it', {
    timeout: 15_000,
  }, async () => {
    const schema = freshSchema('migrate_one');
    const pool = createPool({ url: databaseUrl, schema, max: 1 });
    pools.push(pool);
    const result = await migrate(pool, fixtures, { schema });
    expect(result.applied.map((a) => a.version)).toEqual([1, 2]);
    const again = await migrate(pool, fixtures, { schema });
    expect(again).toEqual({ applied: [], alreadyApplied: 2 });
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM things');
    expect(rows[0]).toEqual({ n: 1 });
  });

  it('refuses an applied migration whose text was edited', async () => {
    const schema = freshSchema('migrate_edit');
    const dir = mkdtempSync(join(tmpdir(), 'overfly-migrations-'));
    writeFileSync(join(dir, '001_ok.sql'), 'CREATE TABLE a (id int);');
    const pool = poolIn(schema);
    await migrate(pool, dir, { schema });
    writeFileSync(join(dir, '001_ok.sql'), 'CREATE TABLE a (id bigint);');
    await expect(migrate(pool, dir, { schema })).rejects.toMatchObject({
      code: 'DB_MIGRATION_INVALID',
    });
  });
});

describe('withTransaction', () => {
  it('commits on success and rolls back everything on a throw', async () => {
    const schema = freshSchema('tx');
    const pool = poolIn(schema);
    await migrate(pool, fixtures, { schema });
    await withTransaction(pool, (c) => c.query("INSERT INTO things VALUES (2, 'two')"));
    const boom = new Error('not a database error');
    await expect(
      withTransaction(pool, async (c) => {
        await c.query("INSERT INTO things VALUES (3, 'three')");
        throw boom;
      }),
    ).rejects.toBe(boom);
    const { rows } = await pool.query('SELECT id FROM things ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual([1, 2]);
  });

  it('reports a constraint violation as data, not retriable', async () => {
    const schema = freshSchema('tx_unique');
    const pool = poolIn(schema);
    await migrate(pool, fixtures, { schema });
    const failure = await withTransaction(pool, (c) =>
      c.query("INSERT INTO things VALUES (1, 'again')"),
    ).catch((e: unknown) => e);
    expect(failure).toMatchObject({
      code: 'DB_CONSTRAINT_VIOLATION',
      retriable: false,
      sqlState: '23505',
    });
  });
});

describe('advisory locks', () => {
  it('lets exactly one of three concurrent holders in', async () => {
    const schema = freshSchema('lock');
    const instances = [poolIn(schema), poolIn(schema), poolIn(schema)];
    await migrate(instances[0]!, fixtures, { schema });
    const outcomes = await Promise.all(
      instances.map((pool) =>
        withAdvisoryLock(pool, 'job', async (c) => {
          await c.query('SELECT pg_sleep(0.3)');
          return 'ran';
        }),
      ),
    );
    expect(outcomes.filter((o) => o.acquired)).toHaveLength(1);
  });

  it('runs transactions on the connection of a session lock, so a pool of one suffices', {
    timeout: 15_000,
  }, async () => {
    const schema = freshSchema('lock_one');
    await migrate(poolIn(schema), fixtures, { schema });
    const pool = createPool({ url: databaseUrl, schema, max: 1 });
    pools.push(pool);
    const outcome = await withSessionLock(pool, 'job', async (client) => {
      await inTransaction(client, (c) => c.query("INSERT INTO things VALUES (2, 'two')"));
      await expect(
        inTransaction(client, async (c) => {
          await c.query("INSERT INTO things VALUES (3, 'three')");
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      return (await client.query('SELECT id FROM things ORDER BY id')).rows.map((r) => r.id);
    });
    expect(outcome).toEqual({ acquired: true, result: [1, 2] });
  });

  it('does not block the same key in another schema', async () => {
    const [sa, sb] = [freshSchema('lock_a'), freshSchema('lock_b')];
    const a = poolIn(sa);
    const b = poolIn(sb);
    // current_schema() names only a schema that exists: create both first.
    await migrate(a, fixtures, { schema: sa });
    await migrate(b, fixtures, { schema: sb });
    const inner = await withSessionLock(a, 'job', () =>
      withSessionLock(b, 'job', async () => 'both', { wait: false }),
    );
    expect(inner).toEqual({ acquired: true, result: { acquired: true, result: 'both' } });
  });
});
