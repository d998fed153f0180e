// The aviationweather.gov Data API (NOAA Aviation Weather Center), which needs no key:
//   GET /api/data/metar?ids=EDDF,EGLL&format=json  → [{ icaoId, obsTime, metarType, rawOb, … }]
//   GET /api/data/taf?ids=EDDF,EGLL&format=json    → [{ icaoId, issueTime, rawTAF, … }]
// (https://aviationweather.gov/data/api/). Only the raw text, the station and the times are
// read: ops-feed decodes the text itself, so the API's own decoding never leaks in. The
// same calls reach the mock server in mock mode.
import { createHttpClient, type HttpClient, type RateLimitOptions } from '@overfly/resilience';
import { z } from 'zod';
import { OpsFeedError } from '../errors.js';
import type { ApiClientOptions } from '../feed/api-options.js';
import type { MetarInput } from './metar.js';
import type { TafInput } from './taf.js';

/** Stations per request: the API caps results per query, so big networks go in slices. */
const STATIONS_PER_REQUEST = 20;

const metarItem = z.object({
  icaoId: z.string(),
  rawOb: z.string().min(1),
  obsTime: z.number().optional().nullable(),
  metarType: z.string().optional().nullable(),
});

const tafItem = z.object({
  icaoId: z.string(),
  rawTAF: z.string().min(1),
  issueTime: z.union([z.string(), z.number()]).optional().nullable(),
});

interface WeatherItems<T> {
  items: T[];
  /** Entries that were not a report at all (no station or text), by reason. */
  rejected: string[];
}

export interface WeatherApi {
  readonly http: HttpClient;
  metars(stations: readonly string[]): Promise<WeatherItems<MetarInput>>;
  tafs(stations: readonly string[]): Promise<WeatherItems<TafInput>>;
  close(): Promise<void>;
}

/** The API asks clients to keep requests limited in frequency; one poll is a few requests. */
export const WEATHER_RATE_LIMIT: RateLimitOptions = {
  maxConcurrent: 2,
  reservoir: 30,
  reservoirRefreshAmount: 30,
  reservoirRefreshInterval: 60_000,
};

export function createWeatherApi(options: ApiClientOptions): WeatherApi {
  const http = createHttpClient({
    name: 'aviationweather',
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs ?? 15_000,
    headers: { accept: 'application/json', 'user-agent': 'overfly-ops-feed' },
    rateLimit: options.rateLimit ?? WEATHER_RATE_LIMIT,
    ...(options.breaker ? { breaker: options.breaker } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.cacheTtlMs ? { cache: { ttlMs: options.cacheTtlMs } } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });

  // METARs are never served from the cache (each poll wants the latest); TAFs, issued every
  // few hours, are kept for the client's cache TTL.
  const fetchList = async (
    path: string,
    stations: readonly string[],
    cacheTtlMs?: number,
  ): Promise<unknown[]> => {
    const out: unknown[] = [];
    for (let i = 0; i < stations.length; i += STATIONS_PER_REQUEST) {
      const ids = stations.slice(i, i + STATIONS_PER_REQUEST).join(',');
      const { body } = await http.get<unknown>(path, {
        query: { ids, format: 'json' },
        ...(cacheTtlMs === undefined ? {} : { cacheTtlMs }),
      });
      // The API answers 204 with no body when it has nothing for these stations.
      if (body === undefined || body === null || body === '') continue;
      if (!Array.isArray(body)) {
        throw new OpsFeedError(
          'OPS_FEED_WEATHER_RESPONSE_INVALID',
          `${path} answered ${typeof body}, not a list`,
        );
      }
      out.push(...body);
    }
    return out;
  };

  return {
    http,
    async metars(stations) {
      const result: WeatherItems<MetarInput> = { items: [], rejected: [] };
      for (const raw of await fetchList('/api/data/metar', stations, 0)) {
        const parsed = metarItem.safeParse(raw);
        if (!parsed.success) {
          result.rejected.push(parsed.error.issues[0]?.path.join('.') ?? 'entry');
          continue;
        }
        const { icaoId, rawOb, obsTime, metarType } = parsed.data;
        result.items.push({
          rawText: rawOb,
          stationIcao: icaoId,
          ...(typeof obsTime === 'number' ? { observedAt: obsTime * 1000 } : {}),
          ...(metarType === 'METAR' || metarType === 'SPECI' ? { reportType: metarType } : {}),
        });
      }
      return result;
    },
    async tafs(stations) {
      const result: WeatherItems<TafInput> = { items: [], rejected: [] };
      for (const raw of await fetchList('/api/data/taf', stations)) {
        const parsed = tafItem.safeParse(raw);
        if (!parsed.success) {
          result.rejected.push(parsed.error.issues[0]?.path.join('.') ?? 'entry');
          continue;
        }
        const { icaoId, rawTAF, issueTime } = parsed.data;
        const issuedAt = apiTime(issueTime);
        result.items.push({
          rawText: rawTAF,
          stationIcao: icaoId,
          ...(issuedAt === null ? {} : { issuedAt }),
        });
      }
      return result;
    },
    close: () => http.close(),
  };
}

/** The API writes times as epoch seconds or as UTC text ('2024-09-17 11:00:00' or ISO 8601). */
function apiTime(value: string | number | null | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1000 : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = value.trim().replace(' ', 'T');
  const ms = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`);
  return Number.isFinite(ms) ? ms : null;
}
