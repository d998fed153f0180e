// Circuit breaker around one remote service (opossum). Only errors whose definition says
// `breakerFailure` count against the service; opossum's own timeout is off because the
// HTTP layer aborts each attempt itself (opossum's would only reject the promise and
// leave the socket open, and would start counting while a request waits for a token).
import CircuitBreaker from 'opossum';
import { isResilienceError, ResilienceError } from './errors.js';
import { trackBreaker } from './upstreams.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Calls in the rolling window before the breaker may open. */
  volumeThreshold?: number;
  /** Failure percentage in the window above which the breaker opens. */
  errorThresholdPercentage?: number;
  /** Time open before one half-open probe is let through. */
  resetTimeout?: number;
  /** Length of the rolling statistics window. */
  rollingCountTimeout?: number;
  rollingCountBuckets?: number;
}

export const DEFAULT_BREAKER: Readonly<Required<BreakerOptions>> = Object.freeze({
  volumeThreshold: 5,
  errorThresholdPercentage: 50,
  resetTimeout: 30_000,
  rollingCountTimeout: 10_000,
  rollingCountBuckets: 10,
});

export interface Breaker {
  fire<T>(action: () => Promise<T>): Promise<T>;
  state(): BreakerState;
  /** Milliseconds until an open breaker lets a probe through; 0 unless open. */
  remainingOpenMs(): number;
  shutdown(): void;
}

type Action = () => Promise<unknown>;

/**
 * `isFailure`: whether an error counts against the remote service. By default a
 * ResilienceError counts as its definition says and any other error counts; a client of
 * another protocol (SMTP) says which of its own errors speak of the server's health.
 */
export function createBreaker(
  name: string,
  options: BreakerOptions,
  onStateChange: (state: BreakerState) => void,
  isFailure: (error: unknown) => boolean = (err) => !isResilienceError(err) || err.breakerFailure,
): Breaker {
  const opts = { ...DEFAULT_BREAKER, ...options };
  let openedAt = 0;
  const circuit = new CircuitBreaker<[Action], unknown>((action) => action(), {
    name,
    timeout: false,
    volumeThreshold: opts.volumeThreshold,
    errorThresholdPercentage: opts.errorThresholdPercentage,
    resetTimeout: opts.resetTimeout,
    rollingCountTimeout: opts.rollingCountTimeout,
    rollingCountBuckets: opts.rollingCountBuckets,
    // true = "not a failure". A 400 or a closed client says nothing about the remote
    // service's health. Opossum treats a filtered error as a success, so a half-open
    // probe answered with a 4xx closes the breaker: the service did answer.
    errorFilter: (err: unknown) => !isFailure(err),
  });
  circuit.on('open', () => {
    openedAt = Date.now();
    onStateChange('open');
  });
  circuit.on('halfOpen', () => onStateChange('half-open'));
  circuit.on('close', () => onStateChange('closed'));

  const state = (): BreakerState =>
    circuit.opened ? 'open' : circuit.halfOpen ? 'half-open' : 'closed';

  const remainingOpenMs = () =>
    circuit.opened ? Math.max(0, openedAt + opts.resetTimeout - Date.now()) : 0;
  const untrack = trackBreaker({ name, state });

  return {
    async fire<T>(action: () => Promise<T>): Promise<T> {
      try {
        // The circuit is typed over unknown results; `action` fixes this call's type.
        return (await circuit.fire(action)) as T;
      } catch (err) {
        throw translateOpossumError(err, name, remainingOpenMs());
      }
    },
    state,
    remainingOpenMs,
    shutdown() {
      untrack();
      circuit.shutdown();
    },
  };
}

function translateOpossumError(err: unknown, name: string, openMs: number): unknown {
  if (isResilienceError(err) || !(err instanceof Error) || !CircuitBreaker.isOurError(err)) {
    return err;
  }
  const code = (err as Error & { code?: string }).code;
  if (code === 'EOPENBREAKER') {
    return new ResilienceError('RESILIENCE_CIRCUIT_OPEN', {
      detail: `${name}; next probe in ${openMs} ms`,
      retryAfterMs: openMs,
      cause: err,
    });
  }
  if (code === 'ESHUTDOWN')
    return new ResilienceError('RESILIENCE_CLIENT_CLOSED', { detail: name, cause: err });
  return err;
}
