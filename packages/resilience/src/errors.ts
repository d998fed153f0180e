import { type CodeOf, defineErrors, type ErrorSpec, OverflyError } from '@overfly/errors';

// Every error this package can raise, declared once as data. Callers (the HTTP client's
// retrier, the Kafka consumer loop deciding retry vs dead letter) read these flags instead
// of inventing their own rules. README.md lists every code; errors.test.ts keeps them in sync.

export interface ResilienceErrorSpec extends ErrorSpec {
  /** Counts toward opening the circuit breaker (the remote side looks unhealthy). */
  readonly breakerFailure: boolean;
  /**
   * No call went out and waiting inside this call cannot help (the breaker is open, or a
   * rate-limit hold outlasts the wait budget): the client's retrier surfaces it at once so
   * callers fail fast; callers may still retry later because it is `retriable`.
   */
  readonly failFast: boolean;
}

export const resilienceErrors = defineErrors('RESILIENCE', {
  HTTP_TIMEOUT: {
    message: 'The attempt did not complete within timeoutMs',
    retriable: true,
    breakerFailure: true,
    failFast: false,
  },
  HTTP_NETWORK: {
    message: 'Network error before a complete response arrived',
    retriable: true,
    breakerFailure: true,
    failFast: false,
  },
  HTTP_RATE_LIMITED: {
    message: 'The server answered 429 Too Many Requests',
    retriable: true,
    breakerFailure: true,
    failFast: false,
    httpStatus: 429,
  },
  HTTP_SERVER_ERROR: {
    message: 'The server answered with a 5xx status',
    retriable: true,
    breakerFailure: true,
    failFast: false,
    httpStatus: 500,
  },
  HTTP_CLIENT_ERROR: {
    message: 'The server rejected the request with a 4xx status',
    retriable: false,
    // The server is healthy; our request was wrong. Opening the breaker would punish
    // every other caller for one bad request.
    breakerFailure: false,
    failFast: false,
    httpStatus: 400,
  },
  HTTP_INVALID_JSON: {
    message: 'The response body is not valid JSON',
    retriable: false,
    breakerFailure: false,
    failFast: false,
  },
  CIRCUIT_OPEN: {
    message: 'The circuit breaker is open; no call was made',
    retriable: true,
    breakerFailure: false,
    failFast: true,
  },
  RATE_LIMIT_HELD: {
    message: 'A rate-limit hold lasts longer than the wait budget; no call was made',
    retriable: true,
    breakerFailure: false,
    failFast: true,
  },
  MOCK_NOT_CONFIGURED: {
    message: 'Mock mode is on but no mock handler answered this request',
    retriable: false,
    breakerFailure: false,
    failFast: false,
  },
  REQUEST_ABORTED: {
    message: 'The caller aborted the request',
    retriable: false,
    breakerFailure: false,
    failFast: false,
  },
  CLIENT_CLOSED: {
    message: 'The HTTP client has been closed',
    retriable: false,
    breakerFailure: false,
    failFast: false,
  },
  INVALID_OPTIONS: {
    message: 'Invalid resilience options',
    retriable: false,
    breakerFailure: false,
    failFast: false,
  },
} satisfies Record<string, ResilienceErrorSpec>);

export type ResilienceErrorCode = CodeOf<typeof resilienceErrors>;

export interface ResilienceErrorOptions {
  /** Appended to the code's message: what was being called, what happened. */
  detail?: string;
  status?: number;
  retryAfterMs?: number;
  cause?: unknown;
}

export class ResilienceError extends OverflyError<ResilienceErrorCode> {
  override name = 'ResilienceError';
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(code: ResilienceErrorCode, options: ResilienceErrorOptions = {}) {
    super(resilienceErrors.entry(code), options.detail, { cause: options.cause });
    // Callers often log only `message` (as fetch errors go): lead with the code so the line
    // names it.
    this.message = `${code}: ${this.message}`;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }

  get breakerFailure(): boolean {
    return resilienceErrors.entry(this.code).breakerFailure;
  }

  get failFast(): boolean {
    return resilienceErrors.entry(this.code).failFast;
  }
}

export function isResilienceError(value: unknown): value is ResilienceError {
  return value instanceof ResilienceError;
}
