// The HTTP client every external call in Overfly goes through. One attempt runs
//   breaker → rate limiter (+ 429 hold) → transport (fetch or mock) with its own timeout,
// and the retrier wraps attempts. The breaker sits outside the limiter so an open breaker
// fails fast instead of first waiting for a token.
import { type Breaker, type BreakerOptions, type BreakerState, createBreaker } from './breaker.js';
import { isResilienceError, ResilienceError, type ResilienceErrorCode } from './errors.js';
import { createMockTransport, type MockHandler } from './mock.js';
import { createRateLimiter, type RateLimitOptions, retryAfterMsFromHeaders } from './rate-limit.js';
import {
  DEFAULT_RETRY_POLICY,
  type RetryFacts,
  type RetryPolicy,
  retry,
  retryFactsOf,
} from './retry.js';
import { fetchTransport, type Transport, type TransportResponse } from './transport.js';
import { createTtlCache, type TtlCache } from './ttl-cache.js';
import { trackClient, ZERO_COUNTS } from './upstreams.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
export type ParseMode = 'json' | 'text' | 'none';
export type QueryValue = string | number | boolean | undefined;

export type ResilienceEventType =
  | 'request'
  | 'success'
  | 'failure'
  | 'retry'
  | 'breaker_open'
  | 'breaker_half_open'
  | 'breaker_close'
  | 'rate_limited'
  | 'cache_hit';

export interface ResilienceEvent {
  type: ResilienceEventType;
  /** The client's `name`, for metric labels. */
  client: string;
  method?: string;
  /** The caller's path without query: queries can carry API keys. */
  path?: string;
  /** 1-based attempt number within one call. */
  attempt?: number;
  status?: number;
  code?: ResilienceErrorCode;
  durationMs?: number;
  /** For `retry`: wait before the next attempt. */
  delayMs?: number;
  /** For `rate_limited`: how long the client holds all requests. */
  retryAfterMs?: number;
}

export interface HttpClientStats {
  /** Calls to request()/get()/post(), cache hits included. */
  calls: number;
  /** Attempts that reached the transport (what the remote side sees). */
  attempts: number;
  successes: number;
  /** Attempts that reached the transport and failed (timeouts included). */
  failures: number;
  timeouts: number;
  /** Attempts refused by the open breaker; no request was sent. */
  breakerRejections: number;
  retries: number;
  /** 429 answers received, plus calls refused locally during a long hold. */
  rateLimited: number;
  cacheHits: number;
  /** Time spent in attempts that reached the transport, seconds (their mean: / attempts). */
  attemptSeconds: number;
}

export interface HttpCacheOptions {
  ttlMs: number;
  maxEntries?: number;
  now?: () => number;
}

export interface HttpClientOptions {
  /** Labels metrics, logs and errors: 'opensky', 'weather', 'sms', … */
  name: string;
  baseUrl: string;
  /** Per attempt, from the moment the request leaves the rate limiter. Default 10 s. */
  timeoutMs?: number;
  headers?: Readonly<Record<string, string>>;
  breaker?: BreakerOptions;
  rateLimit?: RateLimitOptions;
  retry?: Partial<RetryPolicy>;
  /** Caches successful GETs by method + URL. Off unless given. */
  cache?: HttpCacheOptions;
  /** Default: 'mock' when `mock` is given, else 'live'. */
  mode?: 'live' | 'mock';
  mock?: { handler: MockHandler };
  onEvent?: (event: ResilienceEvent) => void;
  /** Injected for deterministic backoff in tests. */
  random?: () => number;
}

export interface HttpRequest {
  method?: HttpMethod;
  path: string;
  query?: Readonly<Record<string, QueryValue>>;
  headers?: Readonly<Record<string, string>>;
  /** A string is sent as-is; anything else is JSON-encoded. */
  body?: unknown;
  /** Default 'json'. The JSON is not validated: callers parse it with their schema. */
  parse?: ParseMode;
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * This GET's time in the client's cache instead of `cache.ttlMs` (a forecast issued every
   * few hours can be kept longer than an observation); 0 neither reads nor fills the cache.
   * Ignored when the client has no cache.
   */
  cacheTtlMs?: number;
}

export type RequestOptions = Omit<HttpRequest, 'method' | 'path' | 'body'>;

export interface HttpResponse<T> {
  status: number;
  headers: Record<string, string>;
  body: T;
}

export interface HttpClient {
  readonly name: string;
  request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
  get<T = unknown>(path: string, options?: RequestOptions): Promise<HttpResponse<T>>;
  post<T = unknown>(
    path: string,
    body?: unknown,
    options?: RequestOptions,
  ): Promise<HttpResponse<T>>;
  breakerState(): BreakerState;
  stats(): HttpClientStats;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_CACHE_ENTRIES = 500;

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { name } = validate(options);
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const defaultTimeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const defaultHeaders = lowerCaseKeys(options.headers ?? {});
  const retryPolicy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const mode = options.mode ?? (options.mock ? 'mock' : 'live');
  const transport: Transport =
    mode === 'mock' ? createMockTransport(name, options.mock?.handler) : fetchTransport;
  const cache: TtlCache<TransportResponse> | undefined = options.cache
    ? createTtlCache({ maxEntries: DEFAULT_CACHE_ENTRIES, ...options.cache })
    : undefined;

  const counters: HttpClientStats = { ...ZERO_COUNTS };
  const emit = (event: Omit<ResilienceEvent, 'client'>) => {
    if (!options.onEvent) return;
    // Observability must never change a call's outcome.
    try {
      options.onEvent({ client: name, ...event });
    } catch {
      // deliberately ignored
    }
  };

  const breaker: Breaker = createBreaker(name, options.breaker ?? {}, (state) =>
    emit({
      type:
        state === 'open'
          ? 'breaker_open'
          : state === 'half-open'
            ? 'breaker_half_open'
            : 'breaker_close',
    }),
  );
  const limiter = createRateLimiter(options.rateLimit, name);
  const untrack = trackClient({ name, counts: () => ({ ...counters }) });
  let closed = false;

  interface Prepared {
    method: HttpMethod;
    path: string;
    url: URL;
    headers: Record<string, string>;
    body: string | undefined;
    timeoutMs: number;
    signal: AbortSignal | undefined;
  }

  const send = async (req: Prepared, attempt: number): Promise<TransportResponse> => {
    const base = { method: req.method, path: req.path, attempt };
    // Checked again here: the breaker may have opened while this request sat in the
    // rate limiter's queue.
    if (breaker.state() === 'open') {
      throw new ResilienceError('RESILIENCE_CIRCUIT_OPEN', {
        detail: `${name}; opened while queued`,
        retryAfterMs: breaker.remainingOpenMs(),
      });
    }
    counters.attempts++;
    emit({ type: 'request', ...base });
    const started = performance.now();
    const timeoutSignal = AbortSignal.timeout(req.timeoutMs);
    const signal = req.signal ? AbortSignal.any([timeoutSignal, req.signal]) : timeoutSignal;

    const fail = (error: ResilienceError): never => {
      counters.attemptSeconds += (performance.now() - started) / 1_000;
      counters.failures++;
      if (error.code === 'RESILIENCE_HTTP_TIMEOUT') counters.timeouts++;
      emit({
        type: 'failure',
        ...base,
        code: error.code,
        ...(error.status === undefined ? {} : { status: error.status }),
        durationMs: performance.now() - started,
      });
      throw error;
    };

    let response: TransportResponse;
    try {
      response = await transport({
        method: req.method,
        url: req.url,
        path: req.path,
        headers: req.headers,
        body: req.body,
        signal,
      });
    } catch (err) {
      const where = `${name} ${req.method} ${req.path}`;
      if (isResilienceError(err)) return fail(err);
      if (timeoutSignal.aborted) {
        return fail(
          new ResilienceError('RESILIENCE_HTTP_TIMEOUT', {
            detail: `${where} after ${req.timeoutMs} ms`,
            cause: err,
          }),
        );
      }
      if (req.signal?.aborted) {
        return fail(
          new ResilienceError('RESILIENCE_REQUEST_ABORTED', { detail: where, cause: err }),
        );
      }
      return fail(
        new ResilienceError('RESILIENCE_HTTP_NETWORK', {
          detail: `${where}: ${describe(err)}`,
          cause: err,
        }),
      );
    }

    const { status } = response;
    const where = `${name} ${req.method} ${req.path} answered ${status}`;
    if (status === 429) {
      const retryAfterMs = retryAfterMsFromHeaders(response.headers) ?? limiter.defaultHoldMs;
      limiter.hold(retryAfterMs);
      counters.rateLimited++;
      emit({ type: 'rate_limited', ...base, status, retryAfterMs });
      return fail(
        new ResilienceError('RESILIENCE_HTTP_RATE_LIMITED', {
          detail: where,
          status,
          retryAfterMs,
        }),
      );
    }
    if (status >= 500)
      return fail(new ResilienceError('RESILIENCE_HTTP_SERVER_ERROR', { detail: where, status }));
    if (status >= 400)
      return fail(new ResilienceError('RESILIENCE_HTTP_CLIENT_ERROR', { detail: where, status }));
    counters.successes++;
    counters.attemptSeconds += (performance.now() - started) / 1_000;
    emit({ type: 'success', ...base, status, durationMs: performance.now() - started });
    return response;
  };

  const attemptOnce = async (req: Prepared, attempt: number): Promise<TransportResponse> => {
    if (closed) throw new ResilienceError('RESILIENCE_CLIENT_CLOSED', { detail: name });
    // A hold longer than the retry budget (OpenSky: until the daily credits reset) would
    // park the caller for hours; tell it when to come back instead.
    const held = limiter.remainingHoldMs();
    if (held > retryPolicy.maxRetryAfterMs) {
      counters.rateLimited++;
      emit({
        type: 'rate_limited',
        method: req.method,
        path: req.path,
        attempt,
        retryAfterMs: held,
      });
      throw new ResilienceError('RESILIENCE_RATE_LIMIT_HELD', {
        detail: `${name} held for ${held} ms`,
        retryAfterMs: held,
      });
    }
    try {
      return await breaker.fire(() => limiter.schedule(() => send(req, attempt)));
    } catch (err) {
      if (isResilienceError(err) && err.code === 'RESILIENCE_CIRCUIT_OPEN') {
        counters.breakerRejections++;
        emit({
          type: 'failure',
          method: req.method,
          path: req.path,
          attempt,
          code: err.code,
        });
      }
      throw err;
    }
  };

  const request = async <T>(input: HttpRequest): Promise<HttpResponse<T>> => {
    counters.calls++;
    const req = prepare(input);
    const parse = input.parse ?? 'json';
    const cacheKey =
      req.method === 'GET' && cache && input.cacheTtlMs !== 0
        ? `GET ${req.url.toString()}`
        : undefined;
    if (cacheKey !== undefined) {
      const hit = cache?.get(cacheKey);
      if (hit) {
        counters.cacheHits++;
        emit({ type: 'cache_hit', method: req.method, path: req.path, status: hit.status });
        return toResponse<T>(hit, parse, req);
      }
    }
    if (req.signal?.aborted) {
      throw new ResilienceError('RESILIENCE_REQUEST_ABORTED', {
        detail: `${name} ${req.method} ${req.path}`,
      });
    }
    const raw = await retry((attempt) => attemptOnce(req, attempt), retryPolicy, {
      ...(options.random ? { random: options.random } : {}),
      ...(req.signal ? { signal: req.signal } : {}),
      classify: ownErrorsOnly,
      onRetry: ({ attempt, delayMs, error }) => {
        counters.retries++;
        emit({
          type: 'retry',
          method: req.method,
          path: req.path,
          attempt,
          delayMs,
          code: (error as ResilienceError).code,
        });
      },
    });
    // Parsed before caching, so a body that is not JSON is never served from the cache.
    const response = toResponse<T>(raw, parse, req);
    if (cacheKey !== undefined && raw.status >= 200 && raw.status < 300) {
      cache?.set(cacheKey, raw, input.cacheTtlMs);
    }
    return response;
  };

  const prepare = (input: HttpRequest): Prepared => {
    const method = input.method ?? 'GET';
    const path = input.path.startsWith('/') ? input.path : `/${input.path}`;
    const url = new URL(`${baseUrl}${path}`);
    for (const [key, value] of Object.entries(input.query ?? {})) {
      if (value !== undefined) url.searchParams.append(key, String(value));
    }
    const headers = { ...defaultHeaders, ...lowerCaseKeys(input.headers ?? {}) };
    let body: string | undefined;
    if (typeof input.body === 'string') body = input.body;
    else if (input.body !== undefined) {
      body = JSON.stringify(input.body);
      headers['content-type'] ??= 'application/json';
    }
    return {
      method,
      path,
      url,
      headers,
      body,
      timeoutMs: input.timeoutMs ?? defaultTimeoutMs,
      signal: input.signal,
    };
  };

  return {
    name,
    request,
    get: (path, rest = {}) => request({ ...rest, method: 'GET', path }),
    post: (path, body, rest = {}) => request({ ...rest, method: 'POST', path, body }),
    breakerState: () => breaker.state(),
    stats: () => ({ ...counters }),
    async close() {
      if (closed) return;
      closed = true;
      untrack();
      breaker.shutdown();
      await limiter.stop();
    },
  };
}

function toResponse<T>(
  raw: TransportResponse,
  parse: ParseMode,
  req: { method: string; path: string },
): HttpResponse<T> {
  return { status: raw.status, headers: { ...raw.headers }, body: parseBody<T>(raw, parse, req) };
}

function parseBody<T>(
  raw: TransportResponse,
  parse: ParseMode,
  req: { method: string; path: string },
): T {
  // The caller chose T for this parse mode; the body is unvalidated by design (schemas
  // belong to the caller), so this is the one place a type is asserted.
  if (parse === 'none') return undefined as T;
  if (parse === 'text') return raw.text as T;
  // 204 and empty bodies carry no JSON value; that is not a parse failure.
  if (raw.text.trim() === '') return undefined as T;
  try {
    return JSON.parse(raw.text) as T;
  } catch (err) {
    throw new ResilienceError('RESILIENCE_HTTP_INVALID_JSON', {
      detail: `${req.method} ${req.path} (status ${raw.status}, content-type ${raw.headers['content-type'] ?? 'none'}): ${describe(err)}`,
      status: raw.status,
      cause: err,
    });
  }
}

function validate(options: HttpClientOptions): { name: string } {
  const problems: string[] = [];
  if (!options.name?.trim()) problems.push('name must be a non-empty string');
  if (!URL.canParse(options.baseUrl)) problems.push(`baseUrl is not a URL: "${options.baseUrl}"`);
  if (options.timeoutMs !== undefined && !(options.timeoutMs > 0)) {
    problems.push(`timeoutMs must be > 0 (got ${options.timeoutMs})`);
  }
  const attempts = options.retry?.maxAttempts;
  if (attempts !== undefined && !(Number.isInteger(attempts) && attempts >= 1)) {
    problems.push(`retry.maxAttempts must be an integer >= 1 (got ${attempts})`);
  }
  const mode: unknown = options.mode;
  if (mode !== undefined && mode !== 'live' && mode !== 'mock') {
    problems.push(`mode must be 'live' or 'mock' (got ${String(mode)})`);
  }
  if (problems.length > 0) {
    throw new ResilienceError('RESILIENCE_INVALID_OPTIONS', {
      detail: `http client "${options.name}": ${problems.join('; ')}`,
    });
  }
  return { name: options.name };
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) out[key.toLowerCase()] = value;
  return out;
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // undici reports "fetch failed" and puts the useful part (ECONNREFUSED, …) in cause.
  const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
  return `${err.message}${cause}`;
}

/**
 * The client retries only the failures it classified itself: anything else escaping an
 * attempt (a bug in a transport or a hook) is surfaced, whatever flags it carries.
 */
function ownErrorsOnly(error: unknown): RetryFacts {
  return isResilienceError(error) ? retryFactsOf(error) : { retriable: false };
}
