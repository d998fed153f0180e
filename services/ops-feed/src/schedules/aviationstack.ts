// The flight-data API ops-feed models: aviationstack's GET /v1/flights (apilayer,
// aviationstack.com/documentation), with the key as the `access_key` query parameter. One
// call per followed airport (`dep_icao`), paged by `limit`/`offset` (100 per page). The same
// calls reach the mock server in mock mode.
import {
  createHttpClient,
  type HttpClient,
  isResilienceError,
  type RateLimitOptions,
} from '@overfly/resilience';
import { OpsFeedError } from '../errors.js';
import type { ApiClientOptions } from '../feed/api-options.js';
import { apiError, type FlightRecord, flightRecord, flightsPage } from './flight-record.js';

const PAGE_SIZE = 100;
/** A runaway pager (a total that keeps growing) stops here: 2,000 departures per airport. */
const MAX_PAGES = 20;

interface FlightsResult {
  records: FlightRecord[];
  /** Entries of `data` that are not flight records at all. */
  rejected: number;
}

export interface SchedulesApi {
  readonly http: HttpClient;
  departures(airportIcao: string): Promise<FlightsResult>;
  close(): Promise<void>;
}

export const SCHEDULES_RATE_LIMIT: RateLimitOptions = { maxConcurrent: 2, minTime: 200 };

export function createSchedulesApi(
  options: ApiClientOptions & { accessKey: string },
): SchedulesApi {
  const http = createHttpClient({
    name: 'aviationstack',
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs ?? 15_000,
    headers: { accept: 'application/json' },
    rateLimit: options.rateLimit ?? SCHEDULES_RATE_LIMIT,
    ...(options.breaker ? { breaker: options.breaker } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.cacheTtlMs ? { cache: { ttlMs: options.cacheTtlMs } } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });

  const page = async (airportIcao: string, offset: number) => {
    let body: unknown;
    try {
      ({ body } = await http.get<unknown>('/v1/flights', {
        query: { access_key: options.accessKey, dep_icao: airportIcao, limit: PAGE_SIZE, offset },
      }));
    } catch (error) {
      if (isResilienceError(error) && (error.status === 401 || error.status === 403)) {
        throw new OpsFeedError(
          'OPS_FEED_API_UNAUTHORIZED',
          `aviationstack answered ${error.status}`,
          {
            cause: error,
          },
        );
      }
      throw error;
    }
    const failed = apiError.safeParse(body);
    if (failed.success) {
      const { code, message } = failed.data.error;
      const what = `aviationstack error ${code ?? '?'}: ${message ?? ''}`;
      throw new OpsFeedError(
        /access_key|inactive_user/.test(String(code))
          ? 'OPS_FEED_API_UNAUTHORIZED'
          : 'OPS_FEED_SCHEDULES_RESPONSE_INVALID',
        what,
      );
    }
    const parsed = flightsPage.safeParse(body);
    if (!parsed.success) {
      throw new OpsFeedError(
        'OPS_FEED_SCHEDULES_RESPONSE_INVALID',
        `dep_icao=${airportIcao} offset=${offset}`,
      );
    }
    return parsed.data;
  };

  return {
    http,
    async departures(airportIcao) {
      const result: FlightsResult = { records: [], rejected: 0 };
      for (let n = 0, offset = 0; n < MAX_PAGES; n++) {
        const { data, pagination } = await page(airportIcao, offset);
        for (const raw of data) {
          const parsed = flightRecord.safeParse(raw);
          if (parsed.success) result.records.push(parsed.data);
          else result.rejected++;
        }
        offset += data.length;
        const total = pagination?.total ?? offset;
        if (data.length === 0 || offset >= total) break;
      }
      return result;
    },
    close: () => http.close(),
  };
}
