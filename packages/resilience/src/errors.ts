// Every error this package can raise, declared once as data. Callers (the HTTP client's
// retrier, the Kafka consumer loop deciding retry vs dead letter) read these flags instead
// of inventing their own rules. README.md lists every code; errors.test.ts keeps them in sync.

export interface ErrorDefinition {
  readonly code: string;
  readonly message: string;
  /** Trying the same call again later may succeed. */
  readonly retriable: boolean;
  /** Counts toward opening the circuit breaker (the remote side looks unhealthy). */
  readonly breakerFailure: boolean;
  /**
   * No call went out and waiting inside this call cannot help (the breaker is open, or a
   * rate-limit hold outlasts the wait budget): the client's retrier surfaces it at once so
   * callers fail fast; callers may still retry later because it is `retriable`.
   */
  readonly failFast: boolean;
  readonly httpStatus?: number;
}

const DEFINITIONS = [
  {
    code: 'HTTP_TIMEOUT',
    message: 'The attempt did not complete within timeoutMs',
    retriable: true,
    breakerFailure: true,
    failFast: false,
  },
  {
    code: 'HTTP_NETWORK',
    message: 'Network error before a complete response arrived',
    retriable: true,
    breakerFailure: true,
    failFast: false,
  },
  {
    code: 'HTTP_RATE_LIMITED',
    message: 'The server answered 429 Too Many Requests',
    retriable: true,
    breakerFailure: true,
    failFast: false,
    httpStatus: 429,
  },
  {
    code: 'HTTP_SERVER_ERROR',
    message: 'The server answered with a 5xx status',
    retriable: true,
    breakerFailure: true,
    failFast: false,
    httpStatus: 500,
  },
  {
    code: 'HTTP_CLIENT_ERROR',
    message: 'The server rejected the request with a 4xx status',
    retriable: false,
    // The server is healthy; our request was wrong. Opening the breaker would punish
    // every other caller for one bad request.
    breakerFailure: false,
    failFast: false,
    httpStatus: 400,
  },
  {
    code: 'HTTP_INVALID_JSON',
    message: 'The response body is not valid JSON',
    retriable: false,
    breakerFailure: false,
    failFast: false,
  },
  {
    code: 'CIRCUIT_OPEN',
    message: 'The circuit breaker is open; no call was made',
    retriable: true,
    breakerFailure: false,
    failFast: true,
  },
  {
    code: 'RATE_LIMIT_HELD',
    message: 'A rate-limit hold lasts longer than the wait budget; no call was made',
    retriable: true,
    breakerFailure: false,
    failFast: true,
  },
  {
    code: 'MOCK_NOT_CONFIGURED',
    message: 'Mock mode is on but no mock handler answered this request',
    retriable: false,
    breakerFailure: false,
    failFast: false,
  },
  {
    code: 'REQUEST_ABORTED',
    message: 'The caller aborted the request',
    retriable: false,
    breakerFailure: false,
    failFast: false,
  },
  {
    code: 'CLIENT_CLOSED',
    message: 'The HTTP client has been closed',
    retriable: false,
    breakerFailure: false,
    failFast: false,
  },
  {
    code: 'INVALID_OPTIONS',
    message: 'Invalid resilience options',
    retriable: false,
    breakerFailure: false,
    failFast: false,
  },
] as const satisfies readonly ErrorDefinition[];

export type ErrorCode = (typeof DEFINITIONS)[number]['code'];

export const ERROR_CODES: readonly ErrorCode[] = Object.freeze(DEFINITIONS.map((d) => d.code));

const BY_CODE: ReadonlyMap<string, ErrorDefinition> = new Map(DEFINITIONS.map((d) => [d.code, d]));

export function errorDefinition(code: ErrorCode): ErrorDefinition {
  // Every ErrorCode comes from DEFINITIONS, so the lookup cannot miss.
  return BY_CODE.get(code)!;
}

export interface ResilienceErrorOptions {
  /** Appended to the code's message: what was being called, what happened. */
  detail?: string;
  status?: number;
  retryAfterMs?: number;
  cause?: unknown;
}

export class ResilienceError extends Error {
  override readonly name = 'ResilienceError';
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, options: ResilienceErrorOptions = {}) {
    const def = errorDefinition(code);
    super(
      options.detail ? `${code}: ${def.message}: ${options.detail}` : `${code}: ${def.message}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    this.retriable = def.retriable;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }

  get breakerFailure(): boolean {
    return errorDefinition(this.code).breakerFailure;
  }

  get failFast(): boolean {
    return errorDefinition(this.code).failFast;
  }
}

export function isResilienceError(value: unknown): value is ResilienceError {
  return value instanceof ResilienceError;
}
