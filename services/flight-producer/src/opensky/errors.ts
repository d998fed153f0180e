// Every error the OpenSky client raises itself, declared once as data. Transport failures
// (timeouts, 5xx, open breaker) surface unchanged as @overfly/resilience's ResilienceError,
// which has the same shape: `code`, `retriable`, `retryAfterMs`. README.md lists every code;
// errors.test.ts keeps the two in sync.

export const openSkyErrors = {
  OPENSKY_UNAUTHORIZED: {
    message: 'OpenSky rejected the client credentials',
    // A wrong or revoked client secret stays wrong until someone changes configuration.
    retriable: false,
    httpStatus: 401,
  },
  OPENSKY_TOKEN_UNAVAILABLE: {
    message: 'The OpenSky token endpoint could not issue a token',
    // Network trouble or a 5xx at the auth server; the next poll may succeed.
    retriable: true,
  },
  OPENSKY_CREDITS_EXHAUSTED: {
    message: 'The OpenSky API credit budget is spent; no request was sent',
    // Not retriable within the day: retryAfterMs says when credits come back.
    retriable: false,
    httpStatus: 429,
  },
  OPENSKY_INVALID_RESPONSE: {
    message: 'OpenSky answered with a body that is not a states response',
    // Seen during OpenSky maintenance (HTML pages with status 200); the next poll may be fine.
    retriable: true,
  },
  OPENSKY_INVALID_BBOX: {
    message: 'The bounding box is not valid WGS-84 degrees',
    retriable: false,
  },
  OPENSKY_INVALID_OPTIONS: {
    message: 'Invalid OpenSky client options',
    retriable: false,
  },
} as const satisfies Record<string, { message: string; retriable: boolean; httpStatus?: number }>;

export type OpenSkyErrorCode = keyof typeof openSkyErrors;

export const OPENSKY_ERROR_CODES = Object.freeze(
  Object.keys(openSkyErrors),
) as readonly OpenSkyErrorCode[];

export interface OpenSkyErrorOptions {
  /** Appended to the code's message: what was being done. Never carries a secret. */
  detail?: string;
  retryAfterMs?: number;
  /** The OpenSky client id involved (never the secret), for OPENSKY_UNAUTHORIZED. */
  clientId?: string;
  cause?: unknown;
}

export class OpenSkyError extends Error {
  override readonly name = 'OpenSkyError';
  readonly code: OpenSkyErrorCode;
  readonly retriable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly clientId: string | undefined;

  constructor(code: OpenSkyErrorCode, options: OpenSkyErrorOptions = {}) {
    const base = `${code}: ${openSkyErrors[code].message}`;
    super(
      options.detail ? `${base}: ${options.detail}` : base,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    this.retriable = openSkyErrors[code].retriable;
    this.retryAfterMs = options.retryAfterMs;
    this.clientId = options.clientId;
  }
}

export function isOpenSkyError(value: unknown): value is OpenSkyError {
  return value instanceof OpenSkyError;
}
