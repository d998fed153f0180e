// The OpenSky live client: plans the boxes, checks the credit budget, attaches a token,
// and sends every request through @overfly/resilience (breaker, rate limiter with the 429
// hold, retry, timeout). Nothing here sleeps or retries on its own, except the single
// retry after a 401 with a fresh token, which resilience cannot know to do.
import {
  createHttpClient,
  type HttpClient,
  type HttpResponse,
  isResilienceError,
  type RateLimitOptions,
  type ResilienceEvent,
} from '@overfly/resilience';
import { createCreditLedger, creditCost, msToNextUtcDay } from './credits.js';
import { OpenSkyError } from './errors.js';
import { openSkyMetricsListener } from './metrics.js';
import { resolveOptions } from './options.js';
import { mergeStates, type ParsedStates, parseStatesResponse } from './parse.js';
import { createSimulatedTraffic } from './simulated.js';
import { planRequests, validateBbox } from './tiles.js';
import { createTokenProvider, type TokenProvider } from './token.js';
import type {
  BoundingBox,
  FetchStatesResult,
  OpenSkyClient,
  OpenSkyClientOptions,
  OpenSkyEvent,
  RejectReason,
} from './types.js';

/**
 * OpenSky documents no per-second limit for /states/all, only daily credits; this bounds
 * the fan-out of a tiled request so it does not look like a burst.
 */
const DEFAULT_RATE_LIMIT: RateLimitOptions = { maxConcurrent: 4 };
const REMAINING_HEADER = 'x-rate-limit-remaining';

export function createOpenSkyClient(options: OpenSkyClientOptions = {}): OpenSkyClient {
  const settings = resolveOptions(options);
  const now = options.now ?? Date.now;
  const listeners = [
    ...(options.onEvent ? [options.onEvent] : []),
    ...(options.metrics ? [openSkyMetricsListener(options.metrics)] : []),
  ];
  const emit = (event: OpenSkyEvent) => {
    for (const listener of listeners) {
      // Observability must never change a call's outcome.
      try {
        listener(event);
      } catch {
        // deliberately ignored
      }
    }
  };
  const forwardHttp = { onEvent: (event: ResilienceEvent) => emit({ type: 'http', event }) };

  const api: HttpClient = createHttpClient({
    name: 'opensky',
    baseUrl: settings.baseUrl,
    timeoutMs: settings.timeoutMs,
    rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT,
    ...(options.retry ? { retry: options.retry } : {}),
    mode: settings.mode,
    ...(settings.mode === 'mock'
      ? {
          mock: {
            handler: options.mock?.handler ?? createSimulatedTraffic(options.mock ?? {}, now),
          },
        }
      : {}),
    ...forwardHttp,
  });

  // Mock mode never sends credentials anywhere: the simulator needs none.
  const credentials = settings.mode === 'live' ? settings.credentials : undefined;
  let auth: HttpClient | undefined;
  let tokens: TokenProvider | undefined;
  if (credentials) {
    auth = createHttpClient({
      name: 'opensky-auth',
      baseUrl: settings.tokenUrl.origin,
      timeoutMs: settings.timeoutMs,
      ...(options.retry ? { retry: options.retry } : {}),
      ...forwardHttp,
    });
    tokens = createTokenProvider({
      http: auth,
      tokenPath: `${settings.tokenUrl.pathname}${settings.tokenUrl.search}`,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      now,
      onRefreshed: (expiresInS) =>
        emit({ type: 'token_refreshed', clientId: credentials.clientId, expiresInS }),
    });
  }

  const { accountType } = settings;
  const ledger = createCreditLedger({ accountType, dailyCredits: settings.dailyCredits, now });
  const reportCredits = (charged: number) =>
    emit({ type: 'credits', accountType, charged, used: ledger.used(), left: ledger.left() });
  reportCredits(0);

  const unauthorized = (detail: string, cause: unknown) =>
    new OpenSkyError('FLIGHT_PRODUCER_OPENSKY_UNAUTHORIZED', {
      detail,
      cause,
      ...(credentials ? { clientId: credentials.clientId } : {}),
    });

  /** One GET for one box, with one retry on 401 after forcing a new token. */
  const getStates = async (box: BoundingBox): Promise<HttpResponse<unknown>> => {
    const query = { ...box, extended: 1 };
    const send = (token: string | undefined) =>
      api.get<unknown>('/states/all', {
        query,
        headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      });
    let token = tokens ? await tokens.get() : undefined;
    try {
      return await send(token);
    } catch (err) {
      if (!isStatus(err, 401)) throw err;
      if (!tokens || token === undefined)
        throw unauthorized('anonymous request refused (HTTP 401)', err);
      // The token may have been revoked or the server's clock may disagree with ours.
      token = await tokens.refresh(token);
      try {
        return await send(token);
      } catch (again) {
        if (!isStatus(again, 401)) throw again;
        throw unauthorized(
          `the API refused a freshly issued token for client id "${credentials?.clientId}" twice (HTTP 401)`,
          again,
        );
      }
    }
  };

  const fetchOne = async (box: BoundingBox): Promise<ParsedStates> => {
    const cost = creditCost(box);
    let response: HttpResponse<unknown>;
    try {
      response = await getStates(box);
    } catch (err) {
      ledger.release(cost);
      // OpenSky answers 429 once the credits are spent; resilience already waited out any
      // short hold, so what reaches us is a long one: stop spending until it ends.
      if (
        isResilienceError(err) &&
        (err.code === 'RESILIENCE_HTTP_RATE_LIMITED' || err.code === 'RESILIENCE_RATE_LIMIT_HELD')
      ) {
        const retryAfterMs = err.retryAfterMs ?? msToNextUtcDay(now());
        emit({ type: 'credits_exhausted', accountType, retryAfterMs });
        throw ledger.exhaust(retryAfterMs, err);
      }
      throw err;
    }
    // Charged before parsing: the server spent the credits even if the body is garbage.
    ledger.commit(cost, readRemaining(response.headers));
    reportCredits(cost);
    return parseStatesResponse(response.body);
  };

  return {
    async fetchStates(bbox) {
      validateBbox(bbox);
      const plan = planRequests(bbox, settings.tileMaxAreaSqDeg, settings.tiling);
      emit({
        type: 'plan',
        tiles: plan.boxes.length,
        credits: plan.credits,
        untiledCredits: plan.untiledCredits,
      });
      try {
        ledger.reserve(plan.credits);
      } catch (err) {
        if (err instanceof OpenSkyError && err.retryAfterMs !== undefined) {
          emit({ type: 'credits_exhausted', accountType, retryAfterMs: err.retryAfterMs });
        }
        throw err;
      }
      // All tiles settle before we answer, so every credit is accounted for even on failure;
      // a partial picture would make aircraft in a failed tile look like they vanished.
      const settled = await Promise.allSettled(plan.boxes.map(fetchOne));
      const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failure) throw failure.reason;
      const parsed = settled.map((s) => (s as PromiseFulfilledResult<ParsedStates>).value);
      reportRejected(parsed, emit);
      return {
        time: Math.max(...parsed.map((p) => p.time)),
        states: mergeStates(parsed.map((p) => p.states)),
        creditsCharged: plan.credits,
        tiles: plan.boxes.length,
      } satisfies FetchStatesResult;
    },
    creditsUsed: () => ledger.used(),
    creditsLeft: () => ledger.left(),
    async close() {
      await Promise.all([api.close(), auth?.close()]);
    },
  };
}

function reportRejected(
  parsed: readonly ParsedStates[],
  emit: (event: OpenSkyEvent) => void,
): void {
  const totals = new Map<RejectReason, number>();
  for (const p of parsed) {
    for (const [reason, count] of Object.entries(p.rejected) as [RejectReason, number][]) {
      totals.set(reason, (totals.get(reason) ?? 0) + count);
    }
  }
  for (const [reason, count] of totals) emit({ type: 'rows_rejected', reason, count });
}

function readRemaining(headers: Readonly<Record<string, string>>): number | undefined {
  const raw = headers[REMAINING_HEADER]?.trim();
  return raw && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

function isStatus(err: unknown, status: number): boolean {
  return isResilienceError(err) && err.status === status;
}
