import { OverflyError } from '@overfly/errors';
import { type FlightProducerErrorCode, flightProducerErrors } from '../errors.js';

// The error the OpenSky client raises itself; its codes are the service's OPENSKY_ ones
// (../errors.ts). Transport failures (timeouts, 5xx, open breaker) surface unchanged as
// @overfly/resilience's ResilienceError, which has the same shape: `code`, `retriable`,
// `retryAfterMs`.

export type OpenSkyErrorCode = Extract<
  FlightProducerErrorCode,
  `FLIGHT_PRODUCER_OPENSKY_${string}`
>;

export interface OpenSkyErrorOptions {
  /** Appended to the code's message: what was being done. Never carries a secret. */
  detail?: string;
  retryAfterMs?: number;
  /**
   * The OpenSky client id involved (never the secret), for
   * FLIGHT_PRODUCER_OPENSKY_UNAUTHORIZED.
   */
  clientId?: string;
  cause?: unknown;
}

export class OpenSkyError extends OverflyError<OpenSkyErrorCode> {
  override name = 'OpenSkyError';
  readonly retryAfterMs: number | undefined;
  readonly clientId: string | undefined;

  constructor(code: OpenSkyErrorCode, options: OpenSkyErrorOptions = {}) {
    super(flightProducerErrors.entry(code), options.detail, { cause: options.cause });
    // As ResilienceError's: the code leads, so a log line of the message alone names it.
    this.message = `${code}: ${this.message}`;
    this.retryAfterMs = options.retryAfterMs;
    this.clientId = options.clientId;
  }
}
