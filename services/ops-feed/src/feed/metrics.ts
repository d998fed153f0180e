// ops-feed's counters and gauges. Hot paths count; log lines are for what a person acts on.
import type { Metrics } from '@overfly/observability';
import type { BreakerState, ResilienceEvent } from '@overfly/resilience';

export type ApiName = 'aviationweather' | 'aviationstack' | 'dcs';
export type Product = 'metar' | 'taf' | 'flights' | 'manifests';
export type ParseKind = 'metar' | 'taf' | 'flight' | 'manifest';

const BREAKER_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

export function createFeedMetrics(metrics: Metrics) {
  const polls = metrics.counter(
    'overfly_ops_feed_polls_total',
    'Polls of an external API, by product and outcome (ok, failed)',
    ['api', 'product', 'outcome'],
  );
  const published = metrics.counter(
    'overfly_ops_feed_published_total',
    'Records published, by topic',
    ['topic'],
  );
  const unchanged = metrics.counter(
    'overfly_ops_feed_unchanged_total',
    'Records not published because the same view was published before, by topic',
    ['topic'],
  );
  const parseFailures = metrics.counter(
    'overfly_ops_feed_parse_failures_total',
    'Reports, flights or passenger lists that could not be decoded and were not published',
    ['kind'],
  );
  const skipped = metrics.counter(
    'overfly_ops_feed_skipped_total',
    'Records deliberately not published (codeshare duplicates of an operating flight)',
    ['reason'],
  );
  const breaker = metrics.gauge(
    'overfly_ops_feed_breaker_state',
    'Circuit breaker of each API client: 0 closed, 1 half-open, 2 open',
    ['api'],
  );
  const http = metrics.counter(
    'overfly_ops_feed_http_events_total',
    'Events of the resilient HTTP clients (request, failure, retry, rate_limited, breaker_open, …)',
    ['api', 'type'],
  );
  const forecast = metrics.gauge(
    'overfly_ops_feed_forecast_severity',
    'Worst severity the latest TAF forecasts within TAF_HORIZON: 0 NONE … 4 SEVERE, -1 unknown',
    ['station'],
  );
  const held = metrics.gauge(
    'overfly_ops_feed_held',
    'What ops-feed holds in memory: legs and passenger manifests (retention in the README)',
    ['what'],
  );
  return {
    poll: (api: ApiName, product: Product, ok: boolean) =>
      polls.inc({ api, product, outcome: ok ? 'ok' : 'failed' }),
    published: (topic: string, n: number) => published.inc({ topic }, n),
    unchanged: (topic: string, n: number) => unchanged.inc({ topic }, n),
    parseFailure: (kind: ParseKind, n = 1) => parseFailures.inc({ kind }, n),
    skipped: (reason: string, n = 1) => skipped.inc({ reason }, n),
    breaker: (api: ApiName, state: BreakerState) => breaker.set({ api }, BREAKER_VALUE[state]),
    httpEvent: (api: ApiName) => (event: ResilienceEvent) => http.inc({ api, type: event.type }),
    forecast: (station: string, rank: number) => forecast.set({ station }, rank),
    held: (what: 'legs' | 'manifests', n: number) => held.set({ what }, n),
  };
}

export type FeedMetrics = ReturnType<typeof createFeedMetrics>;
