import { discardOnRelease, withClient } from './client.js';
import { toDbError } from './errors.js';
import type { Pool, PoolClient } from './pool.js';

export interface TransactionOptions {
  isolation?: 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';
}

/**
 * Runs `fn` inside BEGIN … COMMIT on one client; any throw rolls back and is rethrown as
 * a DbError (or as itself when it is not a database error, e.g. a RejectedMessageError).
 */
export async function withTransaction<T>(
  pool: Pool,
  fn: (client: PoolClient) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  return withClient(pool, (client) => inTransaction(client, fn, options));
}

/**
 * `withTransaction` on a client the caller already holds — the connection of a session
 * lock, whose work must not wait for a second connection of the pool.
 */
export async function inTransaction<T>(
  client: PoolClient,
  fn: (client: PoolClient) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  try {
    await client.query(options.isolation ? `BEGIN ISOLATION LEVEL ${options.isolation}` : 'BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch {
      // The connection is gone: never hand it back to the pool.
      discardOnRelease(client);
    }
    throw isDatabaseError(error) ? toDbError(error) : error;
  }
}

function isDatabaseError(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return true;
  // pg's DatabaseError carries `severity`; network failures carry a Node errno code.
  return 'severity' in error || 'errno' in error || error.constructor?.name === 'DbError';
}
