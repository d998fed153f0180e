import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createPool, dropSchema, migrate, uniqueSchema } from '@overfly/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../migrations-dir.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const url = process.env.DATABASE_URL ?? 'postgres://overfly:overfly@127.0.0.1:5432/overfly';
const schema = uniqueSchema('runs_cli');

function overflyRuns(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/overfly.ts', 'runs', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, DATABASE_URL: url, DATABASE_SCHEMA: schema },
  });
}

describe('pnpm overfly runs', () => {
  beforeAll(async () => {
    const pool = createPool({ url, schema, max: 2 });
    try {
      await migrate(pool, MIGRATIONS_DIR, { schema });
    } finally {
      await pool.end();
    }
  });
  afterAll(async () => {
    await dropSchema(url, schema);
  });

  it('runs consolidation and the overdue job on demand, and then lists both runs', () => {
    const retry = overflyRuns('retry');
    expect(retry.status, retry.stderr).toBe(0);
    const outcome = JSON.parse(retry.stdout) as {
      consolidation: { ran: boolean };
      overdue: { ran: boolean };
    };
    expect(outcome.consolidation.ran).toBe(true);
    expect(outcome.overdue.ran).toBe(true);

    const list = overflyRuns('list');
    expect(list.status, list.stderr).toBe(0);
    const runs = list.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { job: string; status: string });
    expect(runs.map((r) => r.job).sort()).toEqual(['consolidation', 'overdue']);
    expect(runs.every((r) => r.status === 'SUCCEEDED')).toBe(true);
  });

  it('refuses a malformed --limit naming it', () => {
    const run = overflyRuns('list', '--limit', 'lots');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--limit: expected a positive whole number, got lots');
  });
});
