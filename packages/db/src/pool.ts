import pg from 'pg';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
/** Anything that runs a query: a pool or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

export interface PoolOptions {
  /** A postgres:// URL (DATABASE_URL). */
  url: string;
  /**
   * Schema every connection works in (`search_path`), created by `migrate` when missing.
   * Lets tests and demos share one database without seeing each other's tables.
   */
  schema?: string;
  max?: number;
  applicationName?: string;
}

// int8 (bigint, count(*), sum of bigint) arrives as a string by default. Billing amounts
// are minor units far below 2^53, so numbers are exact and far easier to use.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
// `date` stays a 'YYYY-MM-DD' string: a JS Date would shift it by the local time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

export function createPool(options: PoolOptions): Pool {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema))
    throw new Error(`schema '${options.schema}' must match ${SCHEMA_NAME}`);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'overfly',
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  // pg emits 'error' when a connection dies outside a query: on the pool for one idle in it
  // (57P01 admin_shutdown when PostgreSQL restarts), on the client for one checked out
  // between two queries. An 'error' event nobody listens to kills the process. The query
  // that next needs the connection fails and says so, and the pool replaces it; the event
  // itself only tells the pool's listeners (`watchAvailability`), never the process.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', (error: Error) => {
      pool.emit('error', error, client);
    });
  });
  return pool;
}

/**
 * Where a pool's database is, for log lines and readiness: `host:port/database`, never the
 * credentials of its URL.
 */
export function databaseTarget(url: string): string {
  try {
    const parsed = new URL(url);
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${database ? `/${database}` : ''}`;
  } catch {
    return 'the configured database';
  }
}

/** The schema the pool's connections work in (the first of search_path). */
export async function currentSchema(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ schema: string }>('SELECT current_schema() AS schema');
  return rows[0]?.schema ?? 'public';
}
