import { randomBytes } from 'node:crypto';
import { createPool, type Pool } from '../pool.js';

/**
 * A fresh schema name for one test, and a pool working in it. Tests of this package and of
 * the services that use it share one database; each works in its own schema.
 */
export function uniqueSchema(label: string): string {
  return `t_${label.replace(/[^a-z0-9_]/g, '_')}_${randomBytes(4).toString('hex')}`;
}

/** Drops a test schema and everything in it (tables, rows). */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const pool: Pool = createPool({ url, max: 1 });
  try {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await pool.end();
  }
}
