// The three polls of ops-feed and what each publishes. The clients do the HTTP, breaker,
// rate limit and retries; this decides what is new, publishes it, and keeps going when an
// API fails (the failure is logged, counted, and named by readiness).
import type { Logger } from '@overfly/observability';
import type { HttpClient } from '@overfly/resilience';
import type { FlightSchedule, PassengerManifest, WeatherObservation } from '@overfly/schemas';
import type { ManifestsApi } from '../manifests/dcs-client.js';
import { createManifestBook } from '../manifests/manifest-book.js';
import { mapManifest } from '../manifests/map-manifest.js';
import type { Pseudonymiser } from '../manifests/pseudonymise.js';
import type { SchedulesApi } from '../schedules/aviationstack.js';
import { createLegBook } from '../schedules/leg-book.js';
import { type LegView, mapFlight } from '../schedules/map-flight.js';
import type { WeatherApi } from '../weather/aviationweather.js';
import { SEVERITY_RANK } from '../weather/conditions.js';
import { decodeMetar } from '../weather/metar.js';
import { tafOutlook } from '../weather/taf.js';
import type { FeedClock, SteppedClock } from './clock.js';
import type { ApiName, FeedMetrics } from './metrics.js';
import type { FeedSink } from './sink.js';

export interface OpsFeedOptions {
  weather: WeatherApi;
  schedules: SchedulesApi;
  manifests: ManifestsApi;
  sink: FeedSink;
  clock: FeedClock;
  logger: Logger;
  metrics: FeedMetrics;
  pseudonyms: Pseudonymiser;
  /** ICAO codes of the airports followed. */
  airports: readonly string[];
  /** `source` on each record: the API's name in live mode, 'mock' in mock mode. */
  sources: { weather: string; schedules: string; manifests: string };
  tafHorizonMs: number;
  legRetentionMs: number;
  manifestLookaheadMs: number;
  manifestKeepAfterDepartureMs: number;
  /**
   * When it aborts, a poll under way stops asking and publishes nothing more: a
   * scenario.control switch must not publish the old day after it. (Without it, a poll under
   * way at shutdown finishes and publishes, as it always has.)
   */
  halt?: AbortSignal;
}

export interface PollIntervals {
  weatherMs: number;
  schedulesMs: number;
  manifestsMs: number;
}

interface ApiStatus {
  api: ApiName;
  breaker: ReturnType<HttpClient['breakerState']>;
  lastSuccessAt: number | null;
  lastFailure: { at: number; code: string; message: string } | null;
}

export interface OpsFeed {
  pollWeather(): Promise<void>;
  pollSchedules(): Promise<void>;
  pollManifests(): Promise<void>;
  /** Polls each API at its interval (in the feed clock's time) until `signal` aborts. */
  run(intervals: PollIntervals, signal: AbortSignal): Promise<void>;
  /**
   * As fast as possible (a scenario.control START at speed max): the polls one after another
   * in simulated time, each moving the stepped clock on to the next poll due, with no wait,
   * until `end` (or `signal` aborts).
   */
  runStepped(
    intervals: PollIntervals,
    clock: SteppedClock,
    end: number,
    signal: AbortSignal,
  ): Promise<void>;
  /** Throws, naming the API and why, while its breaker is open or its last poll failed. */
  checkApi(api: ApiName): void;
  status(api: ApiName): ApiStatus;
  close(): Promise<void>;
}

export function createOpsFeed(o: OpsFeedOptions): OpsFeed {
  const { clock, logger, metrics, sink } = o;
  const legs = createLegBook({ retentionMs: o.legRetentionMs });
  const manifests = createManifestBook({ keepAfterDepartureMs: o.manifestKeepAfterDepartureMs });
  const lastObserved = new Map<string, number>();
  // The severity last published per station, which a TAF's outlook is compared with.
  const currentSeverity = new Map<string, WeatherObservation['severity']>();
  const lastOutlook = new Map<string, string>();
  const halted = () => o.halt?.aborted === true;
  const clients: Record<ApiName, HttpClient> = {
    aviationweather: o.weather.http,
    aviationstack: o.schedules.http,
    dcs: o.manifests.http,
  };
  const statuses = new Map<ApiName, ApiStatus>();
  const status = (api: ApiName): ApiStatus => {
    const known = statuses.get(api) ?? {
      api,
      breaker: 'closed',
      lastSuccessAt: null,
      lastFailure: null,
    };
    known.breaker = clients[api].breakerState();
    metrics.breaker(api, known.breaker);
    statuses.set(api, known);
    return known;
  };
  const succeeded = (api: ApiName) => {
    status(api).lastSuccessAt = clock.now();
    status(api).lastFailure = null;
  };
  const failed = (api: ApiName, product: string, error: unknown) => {
    const code = String((error as { code?: unknown }).code ?? 'ERROR');
    const message = error instanceof Error ? error.message : String(error);
    status(api).lastFailure = { at: clock.now(), code, message };
    logger.warn(
      { api, product, code, error: message },
      `${api} ${product} poll failed; trying again at the next interval`,
    );
  };

  const publishWeather = async (observations: WeatherObservation[]) => {
    const fresh = observations
      .filter(
        (obs) => obs.observedAt > (lastObserved.get(obs.stationIcao) ?? Number.NEGATIVE_INFINITY),
      )
      .sort((a, b) => a.observedAt - b.observedAt);
    metrics.unchanged('external.weather', observations.length - fresh.length);
    if (halted()) return;
    await sink.send(
      'external.weather',
      fresh.map((value) => ({ key: value.stationIcao, value })),
    );
    for (const obs of fresh) {
      lastObserved.set(obs.stationIcao, obs.observedAt);
      currentSeverity.set(obs.stationIcao, obs.severity);
    }
    metrics.published('external.weather', fresh.length);
  };

  const pollMetars = async () => {
    const receivedAt = clock.now();
    const { items, rejected } = await o.weather.metars(o.airports);
    metrics.parseFailure('metar', rejected.length);
    const observations: WeatherObservation[] = [];
    for (const item of items) {
      try {
        observations.push(decodeMetar(item, { source: o.sources.weather, receivedAt }));
      } catch (error) {
        metrics.parseFailure('metar');
        logger.warn(
          {
            station: item.stationIcao,
            code: (error as { code?: unknown }).code,
            error: (error as Error).message,
          },
          'METAR not decoded; not published',
        );
      }
    }
    await publishWeather(observations);
  };

  const pollTafs = async () => {
    const now = clock.now();
    const { items, rejected } = await o.weather.tafs(o.airports);
    metrics.parseFailure('taf', rejected.length);
    for (const item of items) {
      try {
        const outlook = tafOutlook(item, now, o.tafHorizonMs);
        metrics.forecast(outlook.stationIcao, SEVERITY_RANK[outlook.worst]);
        const observed = currentSeverity.get(outlook.stationIcao);
        const key = `${outlook.issuedAt}/${outlook.worst}/${outlook.worstFrom}`;
        if (
          observed !== undefined &&
          SEVERITY_RANK[outlook.worst] > SEVERITY_RANK[observed] &&
          lastOutlook.get(outlook.stationIcao) !== key
        ) {
          lastOutlook.set(outlook.stationIcao, key);
          logger.info(
            {
              station: outlook.stationIcao,
              observed,
              forecast: outlook.worst,
              category: outlook.worstCategory,
              from: outlook.worstFrom === null ? null : new Date(outlook.worstFrom).toISOString(),
              group: outlook.worstGroup,
            },
            'TAF forecasts a deterioration',
          );
        }
      } catch (error) {
        metrics.parseFailure('taf');
        logger.warn(
          {
            station: item.stationIcao,
            code: (error as { code?: unknown }).code,
            error: (error as Error).message,
          },
          'TAF not decoded; not used',
        );
      }
    }
  };
  const pollWeather = async () => {
    try {
      await pollMetars();
      metrics.poll('aviationweather', 'metar', true);
      succeeded('aviationweather');
    } catch (error) {
      metrics.poll('aviationweather', 'metar', false);
      failed('aviationweather', 'metar', error);
      return;
    }
    try {
      await pollTafs();
      metrics.poll('aviationweather', 'taf', true);
    } catch (error) {
      metrics.poll('aviationweather', 'taf', false);
      failed('aviationweather', 'taf', error);
    }
  };

  const pollSchedules = async () => {
    const views: LegView[] = [];
    let failure: unknown = null;
    for (const airport of o.airports) {
      if (halted()) return;
      try {
        const { records, rejected } = await o.schedules.departures(airport);
        metrics.parseFailure('flight', rejected);
        for (const record of records) {
          try {
            const view = mapFlight(record, o.sources.schedules);
            if (view) views.push(view);
            else metrics.skipped('codeshare');
          } catch (error) {
            metrics.parseFailure('flight');
            logger.debug(
              { airport, error: (error as Error).message },
              'flight not mapped; skipped',
            );
          }
        }
      } catch (error) {
        failure = error;
        // An open breaker refuses every airport alike: no use asking for the rest.
        if ((error as { code?: unknown }).code === 'RESILIENCE_CIRCUIT_OPEN') break;
      }
    }
    if (halted()) return;
    // What did arrive is published even when an airport failed.
    const changed: FlightSchedule[] = legs.update(views, clock.now());
    metrics.unchanged('flight.schedules', Math.max(0, views.length - changed.length));
    await sink.send(
      'flight.schedules',
      changed.map((value) => ({ key: value.scheduleId, value })),
    );
    metrics.published('flight.schedules', changed.length);
    metrics.held('legs', legs.size);
    metrics.poll('aviationstack', 'flights', failure === null);
    if (failure === null) succeeded('aviationstack');
    else failed('aviationstack', 'flights', failure);
  };

  const pollManifests = async () => {
    const now = clock.now();
    manifests.expire(now);
    const due = legs.departing(now - o.manifestKeepAfterDepartureMs, now + o.manifestLookaheadMs);
    const out: PassengerManifest[] = [];
    let failure: unknown = null;
    let unchanged = 0;
    for (const leg of due) {
      if (halted()) return;
      try {
        const list = await o.manifests.passengerList({
          flightNumber: leg.flightNumber,
          date: new Date(leg.scheduledDeparture).toISOString().slice(0, 10),
          origin: leg.departureAirport,
        });
        if (!list) continue;
        const manifest = mapManifest(list, o.pseudonyms, o.sources.manifests);
        if (manifests.changed(manifest)) out.push(manifest);
        else unchanged++;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === 'OPS_FEED_MANIFEST_INVALID') {
          metrics.parseFailure('manifest');
          logger.warn(
            { scheduleId: leg.scheduleId, code, error: (error as Error).message },
            'passenger list refused; nothing of it published',
          );
          continue;
        }
        failure = error;
        if (code === 'RESILIENCE_CIRCUIT_OPEN' || code === 'OPS_FEED_API_UNAUTHORIZED') break;
      }
    }
    if (halted()) return;
    await sink.send(
      'passenger.manifests',
      out.map((value) => ({ key: value.scheduleId, value })),
    );
    metrics.published('passenger.manifests', out.length);
    metrics.unchanged('passenger.manifests', unchanged);
    metrics.held('manifests', manifests.size);
    metrics.poll('dcs', 'manifests', failure === null);
    if (failure === null) succeeded('dcs');
    else failed('dcs', 'manifests', failure);
  };

  /** Polls, then waits out the rest of the interval; `waitFirst` starts with the wait. */
  const loop = async (
    intervalMs: number,
    poll: () => Promise<void>,
    signal: AbortSignal,
    waitFirst = false,
  ) => {
    if (waitFirst) await clock.sleep(intervalMs, signal);
    while (!signal.aborted) {
      const started = clock.now();
      await poll();
      const wait = intervalMs - (clock.now() - started);
      if (wait > 0) await clock.sleep(wait, signal);
    }
  };

  return {
    pollWeather,
    pollSchedules,
    pollManifests,
    async run(intervals, signal) {
      // Schedules first: manifests are fetched for the legs they name.
      await pollSchedules();
      await Promise.all([
        loop(intervals.weatherMs, pollWeather, signal),
        loop(intervals.schedulesMs, pollSchedules, signal, true),
        loop(intervals.manifestsMs, pollManifests, signal),
      ]);
    },
    async runStepped(intervals, stepped, end, signal) {
      const due = { schedules: stepped.now(), weather: stepped.now(), manifests: stepped.now() };
      while (!signal.aborted && stepped.now() <= end) {
        const t = stepped.now();
        // Schedules first: manifests are fetched for the legs they name.
        if (due.schedules <= t) {
          await pollSchedules();
          due.schedules = t + intervals.schedulesMs;
        }
        if (due.weather <= t) {
          await pollWeather();
          due.weather = t + intervals.weatherMs;
        }
        if (due.manifests <= t) {
          await pollManifests();
          due.manifests = t + intervals.manifestsMs;
        }
        stepped.set(Math.min(due.schedules, due.weather, due.manifests));
      }
    },
    checkApi(api) {
      const s = status(api);
      if (s.breaker === 'open') {
        throw new Error(
          `${api}: circuit breaker open${s.lastFailure ? ` after ${s.lastFailure.code}` : ''}`,
        );
      }
      if (s.lastFailure) {
        throw new Error(
          `${api}: last poll failed with ${s.lastFailure.code} at ${new Date(s.lastFailure.at).toISOString()}`,
        );
      }
    },
    status,
    async close() {
      await Promise.all([o.weather.close(), o.schedules.close(), o.manifests.close()]);
    },
  };
}
