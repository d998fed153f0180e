// Signed webhook deliveries: one POST of the event's JSON to a subscriber's endpoint, through
// @overfly/resilience's HTTP client, one client (so one breaker and one rate limit) per
// endpoint origin, so a dead subscriber opens its own breaker and nobody else's.
// Retries run here rather than inside the client, because each attempt is signed again
// with the time it leaves: a retry minutes later must not arrive with a stale signature.
import {
  type BreakerOptions,
  type BreakerState,
  createHttpClient,
  DEFAULT_RETRY_POLICY,
  type HttpClient,
  isResilienceError,
  type RateLimitOptions,
  type ResilienceEvent,
  type RetryFacts,
  type RetryPolicy,
  retry,
  retryFactsOf,
} from '@overfly/resilience';
import { WebhookError, webhookErrorFrom } from './errors.js';
import { SIGNATURE_HEADER, signPayload } from './signature.js';
import { endpointUrlProblem, MIN_SECRET_LENGTH } from './subscriptions.js';

const WEBHOOK_USER_AGENT = 'overfly-notifier';
const EVENT_TYPE_HEADER = 'Overfly-Event-Type';
const DELIVERY_ID_HEADER = 'Overfly-Delivery-Id';
const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** Per endpoint origin: a few deliveries at once, so one slow subscriber cannot hog sockets. */
const WEBHOOK_DEFAULT_RATE_LIMIT: Readonly<RateLimitOptions> = Object.freeze({
  maxConcurrent: 4,
});

const WEBHOOK_DEFAULT_RETRY: Readonly<RetryPolicy> = Object.freeze({
  ...DEFAULT_RETRY_POLICY,
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
});

export interface WebhookSenderOptions {
  /** Per attempt. Default 10 s. */
  timeoutMs?: number;
  /** Per endpoint origin. Default WEBHOOK_DEFAULT_RATE_LIMIT. */
  rateLimit?: RateLimitOptions;
  /** Within one send. Default WEBHOOK_DEFAULT_RETRY: 3 attempts, waits out a Retry-After ≤ 60 s. */
  retry?: Partial<RetryPolicy>;
  /** Per endpoint origin. Default @overfly/resilience's. */
  breaker?: BreakerOptions;
  /** Events of every endpoint's client (`client` is `webhook:<host>`), retries included. */
  onEvent?: (event: ResilienceEvent) => void;
  /** The clock signatures are made with, in ms. Default Date.now. */
  now?: () => number;
  /** Injected for deterministic backoff in tests. */
  random?: () => number;
}

export interface WebhookDelivery {
  /** Sent as Overfly-Delivery-Id and Idempotency-Key, the same on every attempt. */
  idempotencyKey: string;
  url: string;
  secret: string;
  /** Sent as Overfly-Event-Type (`invoice.issued`). */
  eventType: string;
  /** The JSON document, sent and signed byte for byte as given. */
  body: string;
}

interface WebhookResult {
  /** The receiver's `id` when it answered a JSON object with one, else the idempotency key. */
  providerMessageId: string;
  /** The endpoint's HTTP status, e.g. '200'. */
  providerStatus: string;
}

export interface WebhookSender {
  /** Throws WebhookError: `permanent` (dead-letter) or transient (retry after `retryAfterMs`). */
  send(delivery: WebhookDelivery, signal?: AbortSignal): Promise<WebhookResult>;
  /** The breaker of the URL's origin; 'closed' for an origin not called yet. */
  breakerState(url: string): BreakerState;
  close(): Promise<void>;
}

/** Visible ASCII, inner spaces allowed: what an HTTP header value can carry unchanged. */
const HEADER_VALUE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

export function createWebhookSender(options: WebhookSenderOptions = {}): WebhookSender {
  const policy: RetryPolicy = { ...WEBHOOK_DEFAULT_RETRY, ...options.retry };
  const now = options.now ?? Date.now;
  const clients = new Map<string, HttpClient>();
  let closed = false;

  const emit = (event: ResilienceEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // Observability must never change a delivery's outcome.
    }
  };

  const clientFor = (url: URL): HttpClient => {
    let client = clients.get(url.origin);
    if (!client) {
      client = createHttpClient({
        name: `webhook:${url.host}`,
        baseUrl: url.origin,
        timeoutMs: options.timeoutMs ?? 10_000,
        headers: { 'user-agent': WEBHOOK_USER_AGENT, 'content-type': 'application/json' },
        rateLimit: options.rateLimit ?? WEBHOOK_DEFAULT_RATE_LIMIT,
        // One attempt per request: the loop in send() retries, signing each attempt anew.
        // maxRetryAfterMs still decides when a 429 hold is too long to wait out.
        retry: { ...policy, maxAttempts: 1 },
        ...(options.breaker ? { breaker: options.breaker } : {}),
        ...(options.onEvent ? { onEvent: emit } : {}),
      });
      clients.set(url.origin, client);
    }
    return client;
  };

  return {
    async send(delivery, signal) {
      const url = validate(delivery);
      if (closed) throw new WebhookError('NOTIFIER_WEBHOOK_ABORTED', 'the sender is closed');
      const client = clientFor(url);
      const path = url.pathname;
      const query = Object.fromEntries(url.searchParams);
      const attemptOnce = () => {
        const signature = signPayload(delivery.secret, Math.floor(now() / 1000), delivery.body);
        return client.post<string>(path, delivery.body, {
          query,
          headers: {
            [SIGNATURE_HEADER]: signature,
            [EVENT_TYPE_HEADER]: delivery.eventType,
            [DELIVERY_ID_HEADER]: delivery.idempotencyKey,
            [IDEMPOTENCY_KEY_HEADER]: delivery.idempotencyKey,
          },
          parse: 'text',
          ...(signal ? { signal } : {}),
        });
      };
      let response: { status: number; body: string };
      try {
        response = await retry(attemptOnce, policy, {
          classify,
          ...(options.random ? { random: options.random } : {}),
          ...(signal ? { signal } : {}),
          onRetry: ({ attempt, delayMs, error }) =>
            emit({
              type: 'retry',
              client: client.name,
              method: 'POST',
              path,
              attempt,
              delayMs,
              ...(isResilienceError(error) ? { code: error.code } : {}),
            }),
        });
      } catch (error) {
        throw webhookErrorFrom(error);
      }
      return {
        providerMessageId: receiverId(response.body) ?? delivery.idempotencyKey,
        providerStatus: String(response.status),
      };
    },
    breakerState(url) {
      const origin = URL.canParse(url) ? new URL(url).origin : undefined;
      return (origin && clients.get(origin)?.breakerState()) || 'closed';
    },
    async close() {
      closed = true;
      await Promise.all([...clients.values()].map((client) => client.close()));
      clients.clear();
    },
  };
}

/** As @overfly/resilience retries, but 408 Request Timeout is worth another attempt. */
function classify(error: unknown): RetryFacts {
  if (!isResilienceError(error)) return { retriable: false };
  if (error.code === 'RESILIENCE_HTTP_CLIENT_ERROR' && error.status === 408)
    return { retriable: true };
  return retryFactsOf(error);
}

function validate(delivery: WebhookDelivery): URL {
  const refuse = (detail: string): never => {
    throw new WebhookError('NOTIFIER_WEBHOOK_INVALID_DELIVERY', detail);
  };
  if (!HEADER_VALUE.test(delivery.idempotencyKey ?? ''))
    refuse('idempotencyKey must be non-blank visible ASCII (it is sent as a header)');
  if (!HEADER_VALUE.test(delivery.eventType ?? ''))
    refuse('eventType must be non-blank visible ASCII (it is sent as a header)');
  const problem = endpointUrlProblem(delivery.url);
  if (problem) refuse(`url ${problem}`);
  if ((delivery.secret ?? '').length < MIN_SECRET_LENGTH)
    refuse(`the secret has fewer than ${MIN_SECRET_LENGTH} characters`);
  try {
    JSON.parse(delivery.body);
  } catch {
    refuse('body is not JSON');
  }
  return new URL(delivery.url);
}

/** The receiver's own id for the delivery, when it answered `{ "id": "…" }`. */
function receiverId(text: string): string | undefined {
  if (!text || text.length > 65_536) return undefined;
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
    const id = (body as { id?: unknown }).id;
    if (typeof id === 'string' && id.trim() !== '' && id.length <= 256) return id;
    if (typeof id === 'number' && Number.isFinite(id)) return String(id);
    return undefined;
  } catch {
    return undefined;
  }
}
