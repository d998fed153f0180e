import { type CodeOf, defineErrors } from '@overfly/errors';
import { isResilienceError, type ResilienceError } from '@overfly/resilience';
import { DeliveryError } from '../delivery-error.js';

// Every way an SMS send can fail, declared once. `retriable: false` is permanent (dead-letter
// the notification: another attempt cannot succeed); `retriable: true` is transient (retry
// later, not before `retryAfterMs`). README.md lists them; errors.test.ts keeps the two in sync.
export const smsErrors = defineErrors('NOTIFIER', {
  SMS_INVALID_NUMBER: {
    message: 'The recipient is not an E.164 phone number; nothing was sent',
    retriable: false,
  },
  SMS_INVALID_MESSAGE: {
    message:
      'The message has no usable idempotency key, an empty body or one over 1,600 characters; nothing was sent',
    retriable: false,
  },
  SMS_REJECTED: {
    message: 'The provider refused the message (4xx): an invalid, unreachable or opted-out number',
    retriable: false,
    httpStatus: 400,
  },
  SMS_UNAUTHORIZED: {
    message: 'The provider refused our credentials or account (401/403)',
    // Stays wrong until someone changes configuration.
    retriable: false,
    httpStatus: 401,
  },
  SMS_RESPONSE_INVALID: {
    message:
      'The provider answered 2xx without a message resource; it may have accepted the message, so it is not sent again',
    retriable: false,
  },
  SMS_PROVIDER_UNAVAILABLE: {
    message: 'The provider did not answer in time, answered 5xx or 408, or its breaker is open',
    retriable: true,
    httpStatus: 503,
  },
  SMS_RATE_LIMITED: {
    message: 'The provider answered 429, or its Retry-After hold outlasts the wait budget',
    retriable: true,
    httpStatus: 429,
  },
  SMS_ABORTED: {
    message: 'The send was aborted, or the sender closed, before the provider answered',
    retriable: true,
  },
});

export type SmsErrorCode = CodeOf<typeof smsErrors>;

interface SmsErrorOptions {
  status?: number | undefined;
  retryAfterMs?: number | undefined;
  /** Nothing went out and waiting inside this call cannot help (open breaker, long hold). */
  failFast?: boolean;
  cause?: unknown;
}

/**
 * A failed SMS send. A DeliveryError (`permanent`, `retryAfterMs`) for the dispatcher, with
 * the code, the provider's HTTP status, and `retriable`/`failFast` as the Kafka consumer loop
 * and @overfly/resilience's retrier read them.
 */
export class SmsError extends DeliveryError {
  override name = 'SmsError';
  readonly code: SmsErrorCode;
  readonly retriable: boolean;
  readonly failFast: boolean;
  readonly status: number | undefined;

  constructor(code: SmsErrorCode, detail?: string, options: SmsErrorOptions = {}) {
    const entry = smsErrors.entry(code);
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
 * The SMS reading of a failure of the HTTP client: 401/403 are our credentials, 408 a slow
 * provider, any other 4xx the message itself; 5xx, timeouts, network errors and an open
 * breaker are the provider's health. Anything that is not a ResilienceError (a bug) and the
 * client's configuration errors are returned unchanged.
 */
export function smsErrorFrom(error: unknown): unknown {
  if (!isResilienceError(error)) return error;
  const base = { status: error.status, retryAfterMs: error.retryAfterMs, cause: error };
  const detail = error.message;
  switch (error.code) {
    case 'RESILIENCE_HTTP_CLIENT_ERROR':
      return clientError(error, detail);
    case 'RESILIENCE_HTTP_RATE_LIMITED':
      return new SmsError('NOTIFIER_SMS_RATE_LIMITED', detail, base);
    case 'RESILIENCE_RATE_LIMIT_HELD':
      return new SmsError('NOTIFIER_SMS_RATE_LIMITED', detail, { ...base, failFast: true });
    case 'RESILIENCE_CIRCUIT_OPEN':
      return new SmsError('NOTIFIER_SMS_PROVIDER_UNAVAILABLE', detail, { ...base, failFast: true });
    case 'RESILIENCE_HTTP_SERVER_ERROR':
    case 'RESILIENCE_HTTP_TIMEOUT':
    case 'RESILIENCE_HTTP_NETWORK':
      return new SmsError('NOTIFIER_SMS_PROVIDER_UNAVAILABLE', detail, base);
    case 'RESILIENCE_HTTP_INVALID_JSON':
      return new SmsError('NOTIFIER_SMS_RESPONSE_INVALID', detail, base);
    case 'RESILIENCE_REQUEST_ABORTED':
    case 'RESILIENCE_CLIENT_CLOSED':
      return new SmsError('NOTIFIER_SMS_ABORTED', detail, base);
    case 'RESILIENCE_MOCK_NOT_CONFIGURED':
    case 'RESILIENCE_INVALID_OPTIONS':
      return error;
  }
}

function clientError(error: ResilienceError, detail: string): SmsError {
  const options = { status: error.status, cause: error };
  if (error.status === 401 || error.status === 403)
    return new SmsError('NOTIFIER_SMS_UNAUTHORIZED', detail, options);
  // 408 Request Timeout: the provider gave up waiting for us; the message itself is fine.
  if (error.status === 408)
    return new SmsError('NOTIFIER_SMS_PROVIDER_UNAVAILABLE', detail, options);
  return new SmsError('NOTIFIER_SMS_REJECTED', detail, options);
}
