import { toDbError } from './errors.js';
import type { Pool, PoolClient } from './pool.js';

const broken = new WeakSet<PoolClient>();

/** A client whose connection failed mid-use: it is discarded when released, never reused. */
export function discardOnRelease(client: PoolClient): void {
  broken.add(client);
}

/** Runs `fn` on one connection of the pool and releases it after (discarded when broken). */
export async function withClient<T>(
  pool: Pool,
  fn: (client: PoolClient) => Promise<T>,
): Promise<T> {
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw toDbError(error);
  }
  try {
    return await fn(client);
  } finally {
    client.release(broken.has(client));
  }
}
