/**
 * bench:api's REST load, in its own process (so that the load generator's work is not the
 * server's): autocannon against `GET /v1/invoices?operator&status=ISSUED&from&to&limit=50`,
 * BENCH_WARMUP seconds of warm-up, then BENCH_SECONDS measured. Requests go in pairs per
 * connection: a first page for an operator (half of the time one of the ten biggest, else
 * any) and a window of 1 to 3 months of the seeded year, then the next page through the
 * first one's `page.next` when it has one (else the pair starts over).
 * Env: BENCH_URL (server base), BENCH_KEY (a billing key; '' none), BENCH_OPERATORS (JSON
 * array, biggest first), BENCH_YEAR, BENCH_CONNECTIONS, BENCH_WARMUP, BENCH_SECONDS.
 * Writes one JSON line (LoadResult) on stdout.
 */
import autocannon from 'autocannon';

/** What the parent reads. Latencies in ms. */
export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Second requests that followed a page.next, and first pages that had one. */
  followed: number;
  firstPages: number;
  bytesPerSecond: number;
}

const env = (name: string) => {
  const v = process.env[name];
  if (v === undefined) throw new Error(`${name} is not set`);
  return v;
};
const base = env('BENCH_URL');
const key = env('BENCH_KEY');
const operators = JSON.parse(env('BENCH_OPERATORS')) as string[];
const year = Number(env('BENCH_YEAR'));
const connections = Number(env('BENCH_CONNECTIONS'));

let seed = 7;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
  return seed / 0x80000000;
};
const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (month: number) => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();

let followed = 0;
let firstPages = 0;

interface Context {
  query?: string;
  next?: string | null;
}

function firstPage(): string {
  const operator =
    random() < 0.5
      ? operators[Math.floor(random() * Math.min(10, operators.length))]
      : operators[Math.floor(random() * operators.length)];
  const span = 1 + Math.floor(random() * 3);
  const start = Math.floor(random() * (12 - span + 1));
  const end = start + span - 1;
  return `operator=${operator}&status=ISSUED&from=${year}-${pad(start + 1)}-01&to=${year}-${pad(end + 1)}-${lastDay(end)}&limit=50`;
}

async function run(seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: base,
    connections,
    duration: seconds,
    headers: key ? { authorization: `Bearer ${key}` } : {},
    requests: [
      {
        method: 'GET',
        setupRequest: (request, context) => {
          const c = context as Context;
          c.query = firstPage();
          c.next = null;
          return { ...request, path: `/v1/invoices?${c.query}` };
        },
        onResponse: (status, body, context) => {
          firstPages++;
          if (status !== 200) return;
          (context as Context).next = (
            JSON.parse(body) as { page: { next: string | null } }
          ).page.next;
        },
      },
      {
        method: 'GET',
        // No next page: start the pair over (autocannon goes back to the first request).
        setupRequest: (request, context) => {
          const c = context as Context;
          if (!c.next) return undefined as unknown as autocannon.Request;
          followed++;
          return {
            ...request,
            path: `/v1/invoices?${c.query}&cursor=${encodeURIComponent(c.next)}`,
          };
        },
      },
    ],
  });
}

await run(Number(env('BENCH_WARMUP')));
followed = 0;
firstPages = 0;
const r = await run(Number(env('BENCH_SECONDS')));
const result: LoadResult = {
  requests: r.requests.total,
  seconds: r.duration,
  requestsPerSecond: r.requests.total / r.duration,
  p50: r.latency.p50,
  p90: r.latency.p90,
  p99: r.latency.p99,
  max: r.latency.max,
  non2xx: r.non2xx,
  errors: r.errors,
  timeouts: r.timeouts,
  followed,
  firstPages,
  bytesPerSecond: r.throughput.average,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
