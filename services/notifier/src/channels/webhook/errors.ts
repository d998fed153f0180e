import { type CodeOf, defineErrors } from '@overfly/errors';
import { isResilienceError, type ResilienceError } from '@overfly/resilience';
import { DeliveryError } from '../delivery-error.js';

// Every way a webhook delivery (or the subscriptions file) can fail, declared once.
// `retriable: false` is permanent: dead-letter, another attempt cannot succeed.
// README.md lists them; errors.test.ts keeps the two in sync.
export const webhookErrors = defineErrors('NOTIFIER', {
  WEBHOOK_INVALID_DELIVERY: {
    message:
      'The delivery cannot be sent: blank idempotency key or event type, a URL that is not https (or http to localhost), a short secret, or a body that is not JSON',
    retriable: false,
  },
  WEBHOOK_GONE: {
    message: 'The endpoint answered 410 Gone: the subscriber removed it; disable the subscription',
    retriable: false,
    httpStatus: 410,
  },
  WEBHOOK_REJECTED: {
    message:
      'The endpoint refused the delivery with a 4xx (not 408 or 429), e.g. 401 for a signature it does not accept',
    retriable: false,
    httpStatus: 400,
  },
  WEBHOOK_ENDPOINT_UNAVAILABLE: {
    message:
      'The endpoint did not answer in time, answered 5xx or 408, could not be reached, or its breaker is open',
    retriable: true,
    httpStatus: 503,
  },
  WEBHOOK_RATE_LIMITED: {
    message: 'The endpoint answered 429, or its Retry-After hold outlasts the wait budget',
    retriable: true,
    httpStatus: 429,
  },
  WEBHOOK_ABORTED: {
    message: 'The delivery was aborted, or the sender closed, before the endpoint answered',
    retriable: true,
  },
  WEBHOOK_SUBSCRIPTIONS_INVALID: {
    message: 'The webhook subscriptions are not valid',
    retriable: false,
  },
});

export type WebhookErrorCode = CodeOf<typeof webhookErrors>;

interface WebhookErrorOptions {
  status?: number | undefined;
  retryAfterMs?: number | undefined;
  /** Nothing went out and waiting inside this call cannot help (open breaker, long hold). */
  failFast?: boolean;
  cause?: unknown;
}

/**
 * A failed webhook delivery: a DeliveryError (`permanent`, `retryAfterMs`) for the
 * dispatcher, with the code, the endpoint's HTTP status, and `retriable`/`failFast` as the
 * Kafka consumer loop and @overfly/resilience's retrier read them.
 */
export class WebhookError extends DeliveryError {
  override name = 'WebhookError';
  readonly code: WebhookErrorCode;
  readonly retriable: boolean;
  readonly failFast: boolean;
  readonly status: number | undefined;

  constructor(code: WebhookErrorCode, detail?: string, options: WebhookErrorOptions = {}) {
    const entry = webhookErrors.entry(code);
    super(`${code}: ${entry.message}${detail ? `: ${detail}` : ''}`, {
      permanent: !entry.retriable,
      ...(options.retryAfterMs === undefined ? {} : { retryAfterMs: options.retryAfterMs }),
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.code = code;
    this.retriable = entry.retriable;
    this.failFast = options.failFast ?? false;
    this.status = options.status;
  }
}

/**
 * The webhook reading of a failure of the HTTP client: 410 is Gone, 408 a slow endpoint,
 * any other 4xx a refusal; 5xx, timeouts, network errors and an open breaker are the
 * endpoint's health. Anything that is not a ResilienceError (a bug) and the client's
 * configuration errors are returned unchanged.
 */
export function webhookErrorFrom(error: unknown): unknown {
  if (!isResilienceError(error)) return error;
  const base = { status: error.status, retryAfterMs: error.retryAfterMs, cause: error };
  const detail = error.message;
  switch (error.code) {
    case 'RESILIENCE_HTTP_CLIENT_ERROR':
      return clientError(error, detail);
    case 'RESILIENCE_HTTP_RATE_LIMITED':
      return new WebhookError('NOTIFIER_WEBHOOK_RATE_LIMITED', detail, base);
    case 'RESILIENCE_RATE_LIMIT_HELD':
      return new WebhookError('NOTIFIER_WEBHOOK_RATE_LIMITED', detail, { ...base, failFast: true });
    case 'RESILIENCE_CIRCUIT_OPEN':
      return new WebhookError('NOTIFIER_WEBHOOK_ENDPOINT_UNAVAILABLE', detail, {
        ...base,
        failFast: true,
      });
    case 'RESILIENCE_HTTP_SERVER_ERROR':
    case 'RESILIENCE_HTTP_TIMEOUT':
    case 'RESILIENCE_HTTP_NETWORK':
      return new WebhookError('NOTIFIER_WEBHOOK_ENDPOINT_UNAVAILABLE', detail, base);
    case 'RESILIENCE_REQUEST_ABORTED':
    case 'RESILIENCE_CLIENT_CLOSED':
      return new WebhookError('NOTIFIER_WEBHOOK_ABORTED', detail, base);
    // Not raised for webhooks (their answers are read as text), and configuration errors.
    case 'RESILIENCE_HTTP_INVALID_JSON':
    case 'RESILIENCE_MOCK_NOT_CONFIGURED':
    case 'RESILIENCE_INVALID_OPTIONS':
      return error;
  }
}

function clientError(error: ResilienceError, detail: string): WebhookError {
  const options = { status: error.status, cause: error };
  if (error.status === 410) return new WebhookError('NOTIFIER_WEBHOOK_GONE', detail, options);
  if (error.status === 408)
    return new WebhookError('NOTIFIER_WEBHOOK_ENDPOINT_UNAVAILABLE', detail, options);
  return new WebhookError('NOTIFIER_WEBHOOK_REJECTED', detail, options);
}
