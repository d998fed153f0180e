// What the fake servers do to a request instead of answering it well, drawn from a seeded
// PRNG so a test sees the same sequence on every run, or forced for the next requests.
// Shared by fake-sms-provider.ts and fake-webhook-receiver.ts, with the node:http plumbing
// they both need.
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

type FaultOutcome =
  /** Answered as the real server would. */
  | 'ok'
  | 'error-500'
  | 'error-503'
  /** 429 with `Retry-After: <retryAfterSeconds>`. */
  | 'rate-limited'
  /** Read, never processed, never answered: the client times out. */
  | 'hang'
  /** Processed (recorded as accepted), then never answered: the client times out and retries. */
  | 'lost-response';

/** A one-off answer forced with `force()`: sent as is; nothing is recorded as accepted. */
interface CustomAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Outcome = FaultOutcome | CustomAnswer;

export interface FaultKnobs {
  /** Share of requests answered 500 or 503 (one or the other, from the PRNG). */
  failureRate?: number;
  /** Share of requests that are never answered and not processed. */
  hangRate?: number;
  /** Share of requests processed but never answered (a response lost on the way). */
  lostResponseRate?: number;
  /** Share of requests answered 429. */
  rateLimitRate?: number;
  /** Retry-After of every 429, in seconds. Default 1. */
  retryAfterSeconds?: number;
}

/** mulberry32: a small, fast, seeded PRNG with [0, 1) output, like Math.random. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface FaultPlan {
  /** The outcome of the next request: a forced one first, else a draw. */
  next(): Outcome;
  /** Replaces the rates (forced outcomes stay queued). */
  configure(knobs: FaultKnobs): void;
  /** Forces the outcomes of the next requests, in order, before any draw. */
  force(...outcomes: Outcome[]): void;
  retryAfterSeconds(): number;
}

export function createFaultPlan(seed: number, initial: FaultKnobs = {}): FaultPlan {
  const random = seededRandom(seed);
  const forced: Outcome[] = [];
  let knobs = checked(initial);
  return {
    next() {
      const queued = forced.shift();
      if (queued) return queued;
      const r = random();
      let edge = knobs.hangRate ?? 0;
      if (r < edge) return 'hang';
      edge += knobs.lostResponseRate ?? 0;
      if (r < edge) return 'lost-response';
      edge += knobs.failureRate ?? 0;
      if (r < edge) return random() < 0.5 ? 'error-500' : 'error-503';
      edge += knobs.rateLimitRate ?? 0;
      if (r < edge) return 'rate-limited';
      return 'ok';
    },
    configure(next) {
      knobs = checked(next);
    },
    force(...outcomes) {
      forced.push(...outcomes);
    },
    retryAfterSeconds: () => knobs.retryAfterSeconds ?? 1,
  };
}

function checked(knobs: FaultKnobs): FaultKnobs {
  const rates = [knobs.failureRate, knobs.hangRate, knobs.lostResponseRate, knobs.rateLimitRate];
  let sum = 0;
  for (const rate of rates) {
    if (rate === undefined) continue;
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`a fault rate must be in [0, 1]: ${rate}`);
    sum += rate;
  }
  if (sum > 1 + 1e-9) throw new RangeError(`fault rates add up to ${sum}, over 1`);
  const retryAfter = knobs.retryAfterSeconds;
  if (retryAfter !== undefined && !(Number.isInteger(retryAfter) && retryAfter >= 0))
    throw new RangeError(`retryAfterSeconds must be a whole number >= 0: ${retryAfter}`);
  return { ...knobs };
}

export interface ReceivedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Date.now() when the request arrived (before its body was read). */
  at: number;
}

export interface FakeServer {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1_000_000;

/**
 * A node:http server on 127.0.0.1, port 0, that reads each request whole and hands it to
 * `handle`. A handler that never answers leaves the socket open until the client gives up or
 * close() drops it.
 */
export async function startFakeServer(
  handle: (request: ReceivedRequest, res: ServerResponse) => void,
): Promise<FakeServer> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const at = Date.now();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) {
        sendJson(res, 413, { message: 'body too large' });
        return;
      }
      handle(
        {
          method: req.method ?? '',
          url: req.url ?? '/',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at,
        },
        res,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        // Drops the requests a hanging fake never answered.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** The outcome's name in request logs: a fault, or `status-<n>` for a forced answer. */
export function outcomeName(outcome: Outcome): string {
  return typeof outcome === 'string' ? outcome : `status-${outcome.status}`;
}

/** A header's single value (node joins repeated ones, or gives arrays for set-cookie). */
export function headerOf(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Polls `condition` every 10 ms; throws after `deadlineMs`. Tests wait, they do not sleep. */
export async function waitFor(
  condition: () => boolean,
  what: string,
  deadlineMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
