// Every circuit breaker and HTTP client alive in this process, for its metrics. A service
// builds its clients deep inside its own modules (one per API, one per webhook origin);
// service-kit reads this list whenever /metrics is scraped or a snapshot is taken, so each
// service reports every upstream it talks to without wiring a metrics object into each
// (as prom-client's default registry does for the process metrics).
import type { BreakerState } from './breaker.js';
import type { HttpClientStats as UpstreamCounts } from './http-client.js';
import type { LimiterLoad } from './rate-limit.js';

export interface BreakerView {
  readonly name: string;
  state(): BreakerState;
}

export interface ClientView {
  readonly name: string;
  counts(): UpstreamCounts;
}

export interface LimiterView {
  readonly name: string;
  load(): LimiterLoad;
  /** Milliseconds left on a 429's hold; 0 when none. */
  holdMs(): number;
}

const breakers = new Set<BreakerView>();
const clients = new Set<ClientView>();
const limiters = new Set<LimiterView>();
/** Per client name: the final counts of its clients already closed, so totals never fall. */
const retired = new Map<string, UpstreamCounts>();

/** What a client has done when made. */
export const ZERO_COUNTS: Readonly<UpstreamCounts> = Object.freeze({
  calls: 0,
  attempts: 0,
  successes: 0,
  failures: 0,
  timeouts: 0,
  breakerRejections: 0,
  retries: 0,
  rateLimited: 0,
  cacheHits: 0,
  attemptSeconds: 0,
});

function addCounts(a: UpstreamCounts, b: UpstreamCounts): UpstreamCounts {
  const sum = { ...a };
  for (const key of Object.keys(sum) as Array<keyof UpstreamCounts>) sum[key] += b[key];
  return sum;
}

/** Lists a breaker until the returned function is called (on its shutdown). */
export function trackBreaker(view: BreakerView): () => void {
  breakers.add(view);
  return () => breakers.delete(view);
}

/** Lists a named rate limiter until the returned function is called (on its stop). */
export function trackLimiter(view: LimiterView): () => void {
  limiters.add(view);
  return () => limiters.delete(view);
}

/** Lists a client until the returned function is called (on its close); its counts stay. */
export function trackClient(view: ClientView): () => void {
  clients.add(view);
  return () => {
    if (!clients.delete(view)) return;
    retired.set(view.name, addCounts(retired.get(view.name) ?? ZERO_COUNTS, view.counts()));
  };
}

export interface UpstreamSnapshot {
  breakers: Array<{ name: string; state: BreakerState }>;
  /** One entry per client name: counts summed over its clients, closed ones included. */
  clients: Array<{ name: string; counts: UpstreamCounts }>;
  /** One entry per limiter name: loads summed, the longest hold. */
  limiters: Array<{ name: string; load: LimiterLoad; holdMs: number }>;
}

/** This process's breakers, clients and rate limiters now. */
export function upstreamSnapshot(): UpstreamSnapshot {
  const counts = new Map(retired);
  for (const view of clients)
    counts.set(view.name, addCounts(counts.get(view.name) ?? ZERO_COUNTS, view.counts()));
  const loads = new Map<string, UpstreamSnapshot['limiters'][number]>();
  for (const view of limiters) {
    const load = view.load();
    const seen = loads.get(view.name);
    loads.set(view.name, {
      name: view.name,
      load: {
        queued: (seen?.load.queued ?? 0) + load.queued,
        running: (seen?.load.running ?? 0) + load.running,
      },
      holdMs: Math.max(seen?.holdMs ?? 0, view.holdMs()),
    });
  }
  return {
    breakers: [...breakers].map((b) => ({ name: b.name, state: b.state() })),
    clients: [...counts].map(([name, c]) => ({ name, counts: c })),
    limiters: [...loads.values()],
  };
}
