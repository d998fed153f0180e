// Wires ops-feed from its configuration: the three clients (against the live APIs, or
// against the mock server serving a scenario), the feed, and its clock.
import type { Logger, Metrics } from '@overfly/observability';
import type { RateLimitOptions, RetryPolicy } from '@overfly/resilience';
import { DEFAULT_LIVE_AIRPORTS, MOCK_PASSENGER_ID_KEY, type OpsFeedConfig } from '../config.js';
import { createManifestsApi, MANIFESTS_RATE_LIMIT } from '../manifests/dcs-client.js';
import { createPseudonymiser } from '../manifests/pseudonymise.js';
import type { ScenarioSource } from '../mock/scenario-source.js';
import { MOCK_ACCESS_KEY, MOCK_DCS_TOKEN, type MockApis, startMockApis } from '../mock/server.js';
import { createSchedulesApi, SCHEDULES_RATE_LIMIT } from '../schedules/aviationstack.js';
import { createWeatherApi, WEATHER_RATE_LIMIT } from '../weather/aviationweather.js';
import type { ApiClientOptions } from './api-options.js';
import { type FeedClock, scenarioClock, wallClock } from './clock.js';
import { createFeedMetrics } from './metrics.js';
import { createOpsFeed, type OpsFeed, type PollIntervals } from './ops-feed.js';
import type { FeedSink } from './sink.js';

export interface BuiltFeed {
  feed: OpsFeed;
  clock: FeedClock;
  intervals: PollIntervals;
  /** The mock server's base URLs in mock mode, else null. */
  mockUrls: MockApis['urls'] | null;
  close(): Promise<void>;
}

/**
 * A rate limit in the mock's simulated time: the live API's requests per minute are per
 * simulated minute, as the polls are. On the wall clock, a day played at 240× would get an
 * API's minute of requests every four simulated hours: aviationweather's 30 a minute ran out
 * within each minute, the METARs of the stalled polls were superseded before they were
 * fetched, and a third of the day's reports never reached external.weather.
 */
export function inSimulatedTime(limit: RateLimitOptions, speed: number): RateLimitOptions {
  return {
    ...limit,
    ...(limit.minTime === undefined ? {} : { minTime: limit.minTime / speed }),
    ...(limit.reservoirRefreshInterval === undefined
      ? {}
      : { reservoirRefreshInterval: limit.reservoirRefreshInterval / speed }),
  };
}

export async function buildOpsFeed(
  config: OpsFeedConfig,
  deps: {
    logger: Logger;
    metrics: Metrics;
    sink: FeedSink;
    /** Mock mode: the scenario served. */
    scenario?: ScenarioSource;
    /** Overrides the clock the mode implies (tests drive time themselves). */
    clock?: FeedClock;
    /** Tests shrink the retry waits. */
    retry?: Partial<RetryPolicy>;
    /** Stops a poll under way from publishing (createOpsFeed's `halt`). */
    halt?: AbortSignal;
  },
): Promise<BuiltFeed> {
  const mock = config.OPS_FEED_MODE === 'mock';
  const scenario = deps.scenario;
  if (mock && !scenario) throw new Error('mock mode needs a scenario source');
  const clock =
    deps.clock ??
    (mock && scenario
      ? scenarioClock({
          scenarioStart: config.OPS_FEED_START ?? Date.now(),
          speed: config.OPS_FEED_SPEED,
        })
      : wallClock);
  const server = mock && scenario ? await startMockApis({ source: scenario, clock }) : null;
  const metrics = createFeedMetrics(deps.metrics);
  const common = (
    api: 'aviationweather' | 'aviationstack' | 'dcs',
    rateLimit: RateLimitOptions,
  ): Omit<ApiClientOptions, 'baseUrl'> => ({
    timeoutMs: config.HTTP_TIMEOUT,
    ...(mock ? { rateLimit: inSimulatedTime(rateLimit, config.OPS_FEED_SPEED) } : {}),
    breaker: { resetTimeout: config.API_BREAKER_RESET },
    ...(deps.retry ? { retry: deps.retry } : {}),
    onEvent: metrics.httpEvent(api),
  });
  const weather = createWeatherApi({
    ...common('aviationweather', WEATHER_RATE_LIMIT),
    // The cache runs on the wall clock; in mock mode the scenario's time runs faster.
    cacheTtlMs: config.TAF_CACHE_TTL / (mock ? config.OPS_FEED_SPEED : 1),
    baseUrl: server?.urls.weather ?? config.AVIATIONWEATHER_URL,
  });
  const schedules = createSchedulesApi({
    ...common('aviationstack', SCHEDULES_RATE_LIMIT),
    baseUrl: server?.urls.schedules ?? config.AVIATIONSTACK_URL,
    accessKey: server ? MOCK_ACCESS_KEY : (config.AVIATIONSTACK_ACCESS_KEY ?? ''),
  });
  const manifests = createManifestsApi({
    ...common('dcs', MANIFESTS_RATE_LIMIT),
    baseUrl: server?.urls.manifests ?? config.DCS_BASE_URL ?? '',
    token: server ? MOCK_DCS_TOKEN : (config.DCS_API_TOKEN ?? ''),
  });
  const sources = mock
    ? { weather: 'mock', schedules: 'mock', manifests: 'mock' }
    : { weather: 'aviationweather', schedules: 'aviationstack', manifests: 'dcs' };
  const feed = createOpsFeed({
    weather,
    schedules,
    manifests,
    sink: deps.sink,
    clock,
    logger: deps.logger,
    metrics,
    pseudonyms: createPseudonymiser(config.PASSENGER_ID_KEY ?? MOCK_PASSENGER_ID_KEY),
    airports:
      config.OPS_FEED_AIRPORTS ??
      (scenario ? scenario.day.airports.map((a) => a.icao) : [...DEFAULT_LIVE_AIRPORTS]),
    sources,
    tafHorizonMs: config.TAF_HORIZON,
    legRetentionMs: config.LEG_RETENTION,
    manifestLookaheadMs: config.MANIFEST_LOOKAHEAD,
    manifestKeepAfterDepartureMs: config.MANIFEST_KEEP_AFTER_DEPARTURE,
    ...(deps.halt ? { halt: deps.halt } : {}),
  });
  return {
    feed,
    clock,
    intervals: {
      weatherMs: config.WEATHER_POLL_INTERVAL,
      schedulesMs: config.SCHEDULES_POLL_INTERVAL,
      manifestsMs: config.MANIFESTS_POLL_INTERVAL,
    },
    mockUrls: server?.urls ?? null,
    async close() {
      await feed.close();
      await server?.close();
    },
  };
}
