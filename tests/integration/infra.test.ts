import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { infraStatus, infraUp } from '../../infra/src/index.js';

describe('local infrastructure', () => {
  it('reuses everything that already runs when brought up a second time', async () => {
    await infraUp();
    const second = await infraUp();
    expect(second.started).toEqual([]);
    expect([...second.reused].sort()).toEqual(['kafka', 'postgres', 'registry']);
    expect(second.endpoints).toEqual(inject('infra'));
  });

  it('reports every component as answering', async () => {
    const status = await infraStatus();
    expect(status.map((row) => row.component)).toEqual(['postgres', 'kafka', 'registry']);
    for (const row of status) expect(row, row.component).toMatchObject({ answering: true });
  });

  it('serves PostgreSQL 15 or newer on the advertised url', async () => {
    const client = new pg.Client({ connectionString: inject('infra').postgresUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ server_version_num: string }>(
        'show server_version_num',
      );
      expect(Number(rows[0]?.server_version_num)).toBeGreaterThanOrEqual(150000);
      const version = await client.query<{ version: string }>('select version()');
      expect(version.rows[0]?.version).toMatch(/^PostgreSQL \d+/);
    } finally {
      await client.end();
    }
  });
});
