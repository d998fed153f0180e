import { abortableSleep, type RetryFacts, retry } from '@overfly/resilience';
import { KafkaPackageError, outageOf, type PlatformComponent } from './errors.js';
import type { LoggerLike } from './logger.js';

/** What a service is waiting for right now: readiness reports it. */
export interface PlatformWait {
  component: PlatformComponent;
  /** What waits, in a few words: "send to fir.crossings", "consumer group fir-analyser". */
  what: string;
  /** Epoch ms of the first failure. */
  since: number;
}

const NAMES: Readonly<Record<PlatformComponent, string>> = {
  kafka: 'the Kafka broker',
  registry: 'the schema registry',
};

/** The platform's part as a person reads it: "the Kafka broker", "the schema registry". */
export function componentName(component: PlatformComponent): string {
  return NAMES[component];
}

/**
 * The waits under way in one runtime, so that `/health/ready` can say what a service waits
 * for instead of just "not ready".
 */
export class OutageTracker {
  readonly #waits = new Map<number, PlatformWait>();
  #next = 1;

  /** Records a wait; the returned function ends it (once). */
  begin(component: PlatformComponent, what: string, since = Date.now()): () => void {
    const id = this.#next++;
    this.#waits.set(id, { component, what, since });
    return () => {
      this.#waits.delete(id);
    };
  }

  /** The waits under way, oldest first; of one component when given. */
  waiting(component?: PlatformComponent): PlatformWait[] {
    return [...this.#waits.values()]
      .filter((w) => component === undefined || w.component === component)
      .sort((a, b) => a.since - b.since);
  }
}

/** How a runtime rides out an outage of the broker or the registry. */
export interface OutagePolicy {
  /**
   * How long a wait may last before the work fails for good (then it throws
   * KAFKA_BROKER_UNAVAILABLE or KAFKA_REGISTRY_UNAVAILABLE, naming this limit).
   */
  toleranceMs: number;
  /** Backoff between attempts: full jitter up to `min(maxDelayMs, baseDelayMs × 2^n)`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_OUTAGE_POLICY: Readonly<OutagePolicy> = Object.freeze({
  toleranceMs: 5 * 60_000,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
});

export interface RideOutContext {
  policy: OutagePolicy;
  tracker: OutageTracker;
  logger: LoggerLike;
  /** Aborts a wait at once (the runtime closing). */
  signal?: AbortSignal;
  random?: () => number;
  now?: () => number;
}

export type RideOut = <T>(
  component: PlatformComponent,
  what: string,
  work: () => Promise<T>,
) => Promise<T>;

/**
 * Runs `work` and, while it fails because the broker or the registry is away (`outageOf`),
 * runs it again with backoff, for at most `policy.toleranceMs` from the first failure. One
 * warning when the wait starts and one line when it ends, never a stack trace; the wait
 * shows in the tracker meanwhile. Any other failure is thrown at once, as it is. Past the
 * tolerance it throws the component's UNAVAILABLE error with the last failure as cause.
 */
export async function rideOut<T>(
  context: RideOutContext,
  component: PlatformComponent,
  what: string,
  work: () => Promise<T>,
): Promise<T> {
  const now = context.now ?? Date.now;
  const { policy, logger } = context;
  let since: number | null = null;
  let end: (() => void) | null = null;
  let lastError: unknown;
  const classify = (error: unknown): RetryFacts => {
    lastError = error;
    if (outageOf(error) === null) return { retriable: false };
    if (since === null) {
      since = now();
      end = context.tracker.begin(component, what, since);
      logger.warn(
        { component, what, error: describe(error), toleranceMs: policy.toleranceMs },
        `waiting for ${NAMES[component]}`,
      );
    }
    return { retriable: now() - since < policy.toleranceMs };
  };
  try {
    const result = await retry(
      () => work(),
      { ...policy, maxAttempts: Infinity, maxRetryAfterMs: 0 },
      {
        classify,
        sleep: abortableSleep,
        ...(context.signal ? { signal: context.signal } : {}),
        ...(context.random ? { random: context.random } : {}),
      },
    );
    if (since !== null)
      logger.info(
        { component, what, waitedMs: now() - since },
        `${NAMES[component]} answers again`,
      );
    return result;
  } catch (error) {
    if (since !== null && error === lastError && outageOf(error) !== null) {
      const waited = now() - since;
      logger.error(
        { component, what, waitedMs: waited, error: describe(error) },
        `gave up waiting for ${NAMES[component]}`,
      );
      throw new KafkaPackageError(
        component === 'kafka' ? 'KAFKA_BROKER_UNAVAILABLE' : 'KAFKA_REGISTRY_UNAVAILABLE',
        `${what}: no answer for ${Math.round(waited / 1000)} s, the outage tolerance: ${describe(error)}`,
        { cause: error },
      );
    }
    throw error;
  } finally {
    (end as (() => void) | null)?.();
  }
}

/** One line for a log: the error's name and message, with what it wraps. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const inner =
    cause instanceof Error && cause.message !== error.message ? ` (${cause.message})` : '';
  return `${error.name}: ${error.message}${inner}`;
}
