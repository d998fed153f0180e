// The airline's departure-control export: GET <DCS_BASE_URL>/passenger-lists?flight=LH1234
// &date=2024-09-17&origin=EDDF with `Authorization: Bearer <DCS_API_TOKEN>`, answering one
// document in the format of docs/formats/manifest-export.md, or 404 while the DCS holds no
// list for the leg. The same calls reach the mock server in mock mode.
import {
  createHttpClient,
  type HttpClient,
  isResilienceError,
  type RateLimitOptions,
} from '@overfly/resilience';
import { OpsFeedError } from '../errors.js';
import type { ApiClientOptions } from '../feed/api-options.js';
import { type PassengerList, passengerList } from './export-format.js';

export interface ManifestsApi {
  readonly http: HttpClient;
  /** The leg's list, or null when the DCS has none (yet). */
  passengerList(leg: {
    flightNumber: string;
    date: string;
    origin: string;
  }): Promise<PassengerList | null>;
  close(): Promise<void>;
}

export const MANIFESTS_RATE_LIMIT: RateLimitOptions = { maxConcurrent: 4, minTime: 50 };

export function createManifestsApi(options: ApiClientOptions & { token: string }): ManifestsApi {
  const http = createHttpClient({
    name: 'dcs',
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs ?? 15_000,
    headers: { accept: 'application/json', authorization: `Bearer ${options.token}` },
    rateLimit: options.rateLimit ?? MANIFESTS_RATE_LIMIT,
    ...(options.breaker ? { breaker: options.breaker } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.cacheTtlMs ? { cache: { ttlMs: options.cacheTtlMs } } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  return {
    http,
    async passengerList(leg) {
      let body: unknown;
      try {
        ({ body } = await http.get<unknown>('/passenger-lists', {
          query: { flight: leg.flightNumber, date: leg.date, origin: leg.origin },
        }));
      } catch (error) {
        if (isResilienceError(error) && error.status === 404) return null;
        if (isResilienceError(error) && (error.status === 401 || error.status === 403)) {
          throw new OpsFeedError('OPS_FEED_API_UNAUTHORIZED', `the DCS answered ${error.status}`, {
            cause: error,
          });
        }
        throw error;
      }
      const parsed = passengerList.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new OpsFeedError(
          'OPS_FEED_MANIFEST_INVALID',
          `${leg.flightNumber} ${leg.date} ${leg.origin}: ${issue?.path.join('.') || 'document'}: ${issue?.message ?? ''}`,
        );
      }
      return parsed.data;
    },
    close: () => http.close(),
  };
}
