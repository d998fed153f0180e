/**
 * bench:api's REST baseline, in its own process: a bare node:http server answering
 * GET /v1/invoices with the api's own query (services/api/src/queries/invoices.ts: the same
 * SQL, keyset cursor and rows) over a pg pool of the api's default size, and nothing else:
 * no fastify, no JSON Schema validation or serialisation, no auth, no rate limit.
 * Env: DATABASE_URL, DATABASE_SCHEMA, API_PORT, DATABASE_POOL_SIZE.
 */
import { createServer } from 'node:http';
import { createPool } from '../../../packages/db/src/index.js';
import { listInvoices } from '../../../services/api/src/queries/invoices.js';
import { decodeCursor } from '../../../services/api/src/server/cursor.js';

const DAY_MS = 86_400_000;
const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const pool = createPool({
  url: env('DATABASE_URL'),
  schema: env('DATABASE_SCHEMA'),
  max: Number(env('DATABASE_POOL_SIZE')),
  applicationName: 'bench-rest-baseline',
});
const day = (value: string | null) =>
  value === null ? undefined : Date.parse(`${value}T00:00:00Z`);

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname !== '/v1/invoices') {
    response.writeHead(404).end();
    return;
  }
  const q = url.searchParams;
  const from = day(q.get('from'));
  const to = day(q.get('to'));
  const cursor = q.get('cursor');
  const limit = Number(q.get('limit') ?? 50);
  listInvoices(
    pool,
    {
      ...(q.get('operator') ? { operator: q.get('operator') as string } : {}),
      ...(q.get('status') ? { status: q.get('status') as string } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to: to + DAY_MS } : {}),
    },
    { limit, after: cursor ? decodeCursor(cursor) : null },
  )
    .then(({ items, next }) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ items, page: { limit, next } }));
    })
    .catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
});
server.listen(Number(env('API_PORT')), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  pool.end().finally(() => process.exit(0));
});
