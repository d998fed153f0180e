import { discardOnRelease, withClient } from './client.js';
import { toDbError } from './errors.js';
import type { Pool, PoolClient, Queryable } from './pool.js';
import { withTransaction } from './transaction.js';

// Keys are names, hashed by PostgreSQL itself; the schema is part of the key so that
// isolated schemas (tests, demos) in one database never block each other.
const KEY_SQL = "hashtextextended(current_schema() || ':' || $1, 0)";

/**
 * Runs `fn` in a transaction holding the transaction-level advisory lock `key`, or returns
 * `{ acquired: false }` at once when another session holds it. The lock ends with the
 * transaction, so a crashed holder can never leave it taken.
 */
export async function withAdvisoryLock<T>(
  pool: Pool,
  key: string,
  fn: (client: PoolClient) => Promise<T>,
): Promise<{ acquired: true; result: T } | { acquired: false }> {
  return withTransaction(pool, async (client) => {
    if (!(await tryAdvisoryXactLock(client, key))) return { acquired: false as const };
    return { acquired: true as const, result: await fn(client) };
  });
}

/** Inside a transaction: takes `key` if free; true when this transaction now holds it. */
export async function tryAdvisoryXactLock(client: Queryable, key: string): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>(
    `SELECT pg_try_advisory_xact_lock(${KEY_SQL}) AS locked`,
    [key],
  );
  return rows[0]?.locked === true;
}

/**
 * Holds the session-level advisory lock `key` (waiting for it) on a dedicated connection
 * while `fn` runs, for work that spans several transactions (migrations, a batch run of
 * one transaction per item). `fn` gets that connection: work run on it (`inTransaction`)
 * needs no second connection, so a pool of one suffices, and it stops with the lock if the
 * connection is lost. Work `fn` runs on the pool instead runs beside the lock.
 */
export async function withSessionLock<T>(
  pool: Pool,
  key: string,
  fn: (client: PoolClient) => Promise<T>,
  options: { wait?: boolean } = {},
): Promise<{ acquired: true; result: T } | { acquired: false }> {
  return withClient(pool, async (client) => {
    try {
      if (options.wait === false) {
        const { rows } = await client.query<{ locked: boolean }>(
          `SELECT pg_try_advisory_lock(${KEY_SQL}) AS locked`,
          [key],
        );
        if (rows[0]?.locked !== true) return { acquired: false };
      } else {
        await client.query(`SELECT pg_advisory_lock(${KEY_SQL})`, [key]);
      }
    } catch (error) {
      discardOnRelease(client);
      throw toDbError(error);
    }
    try {
      return { acquired: true, result: await fn(client) };
    } finally {
      try {
        await client.query(`SELECT pg_advisory_unlock(${KEY_SQL})`, [key]);
      } catch {
        discardOnRelease(client); // a lost connection has released the lock already
      }
    }
  });
}
