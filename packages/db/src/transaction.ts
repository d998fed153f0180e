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
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw toDbError(error);
  }
  let broken = false;
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
      broken = true;
    }
    throw isDatabaseError(error) ? toDbError(error) : error;
  } finally {
    client.release(broken);
  }
}

function isDatabaseError(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return true;
  // pg's DatabaseError carries `severity`; network failures carry a Node errno code.
  return 'severity' in error || 'errno' in error || error.constructor?.name === 'DbError';
}
