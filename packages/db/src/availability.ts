import { abortableSleep, retry } from '@overfly/resilience';
import { DbError, isDatabaseUnavailable, toDbError, unavailableReason } from './errors.js';
import { databaseTarget, type Pool } from './pool.js';

/** The two calls of a pino logger this module makes. */
export interface AvailabilityLogger {
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

export interface AvailabilityOptions {
  /** Says when the database goes away and when it answers again: one line each. */
  logger?: AvailabilityLogger;
  /** Names the database in log lines and readiness; `host:port/database` of the pool's URL by default. */
  target?: string;
  /**
   * The wait between two attempts while the database is away: full jitter,
   * `random(0, min(maxDelayMs, baseDelayMs × 2^n))` (packages/resilience's retry).
   * 250 ms and 5 s by default.
   */
  backoff?: { baseDelayMs?: number; maxDelayMs?: number };
  now?: () => number;
  /** Injected for deterministic waits in tests. */
  random?: () => number;
}

export type AvailabilityState =
  | { away: false }
  | {
      away: true;
      /** When the database was first found away (epoch ms). */
      since: number;
      /** What said so first: `ECONNREFUSED`, `57P01 admin_shutdown`… */
      reason: string;
    };

export interface UntilAvailableOptions {
  /** Ends the wait (the service is stopping): the last failure is thrown. */
  signal?: AbortSignal;
  /**
   * Run before each new attempt after a failure, so a long wait keeps what must stay alive
   * alive (a Kafka consumer's heartbeat); its own failure is ignored.
   */
  beforeRetry?: () => Promise<void>;
}

export interface DatabaseAvailability {
  /** What the service knows now: answering, or away since when and why. */
  readonly state: AvailabilityState;
  /** `host:port/database`, as log lines and readiness name it. */
  readonly target: string;
  /**
   * Runs `work`, and while it fails because the database is away (`isDatabaseUnavailable`),
   * waits and runs it again, for as long as it takes: the work is never given up for it.
   * Any other failure is thrown at once, as it is. When `signal` aborts (the service is
   * stopping), the wait ends and the last failure is thrown, a `DB_UNAVAILABLE` DbError.
   */
  untilAvailable<T>(work: () => Promise<T>, options?: UntilAvailableOptions): Promise<T>;
  /**
   * Notes a failure met outside `untilAvailable` (a periodic job that simply tries again
   * at its next tick): true when it says the database is away, which is then logged once
   * for the whole outage; false for any other failure, which is the caller's to report.
   */
  noteFailure(error: unknown): boolean;
  /** Notes that the database answered: the end of an outage is logged once. */
  noteAnswer(): void;
  /**
   * A readiness check (`service.health.register({ name: 'postgres', check })`): `SELECT 1`,
   * failing with "waiting for PostgreSQL at host:port since … (ECONNREFUSED)" while away.
   */
  check(): Promise<void>;
}

const DEFAULT_BASE_DELAY_MS = 250;
const DEFAULT_MAX_DELAY_MS = 5_000;
/** A bound on the readiness probe's tries, whatever the pool's size. */
const MAX_PROBE_ATTEMPTS = 16;

/**
 * What a service that depends on its database knows about it: whether it answers, since
 * when it does not and why. It listens to the pool's connection errors, so a restart of
 * PostgreSQL is noticed even while the pool is idle; logs one line when the database goes
 * away and one when it answers again (never one per failed attempt); retries work that met
 * the outage until it succeeds; and answers the readiness probe.
 */
export function watchAvailability(
  pool: Pool,
  options: AvailabilityOptions = {},
): DatabaseAvailability {
  const target = options.target ?? targetOf(pool);
  const now = options.now ?? Date.now;
  const baseDelayMs = options.backoff?.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const maxDelayMs = options.backoff?.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  let state: AvailabilityState = { away: false };

  const noteFailure = (error: unknown): boolean => {
    if (!isDatabaseUnavailable(error)) return false;
    if (!state.away) {
      state = { away: true, since: now(), reason: unavailableReason(error) };
      options.logger?.warn(
        { database: target, reason: state.reason },
        `waiting for PostgreSQL at ${target} (${state.reason}), retrying every ${seconds(maxDelayMs)} s at most`,
      );
    }
    return true;
  };
  const noteAnswer = () => {
    if (!state.away) return;
    const awayMs = now() - state.since;
    state = { away: false };
    options.logger?.info(
      { database: target, awayMs },
      `PostgreSQL at ${target} answers again, after ${seconds(awayMs)} s`,
    );
  };
  // The pool's own 'error' events: a connection lost while idle is the first sign.
  pool.on('error', (error: Error) => {
    noteFailure(error);
  });

  return {
    get state() {
      return state;
    },
    target,
    noteFailure,
    noteAnswer,
    async untilAvailable<T>(work: () => Promise<T>, call: UntilAvailableOptions = {}) {
      let last: unknown;
      try {
        return await retry(
          async (attempt) => {
            if (attempt > 1) await call.beforeRetry?.().catch(() => undefined);
            try {
              const result = await work();
              noteAnswer();
              return result;
            } catch (error) {
              last = error;
              noteFailure(error);
              throw error;
            }
          },
          {
            maxAttempts: Number.POSITIVE_INFINITY,
            baseDelayMs,
            maxDelayMs,
            maxRetryAfterMs: 0,
          },
          {
            classify: (error) => ({ retriable: isDatabaseUnavailable(error) }),
            sleep: abortableSleep,
            ...(options.random ? { random: options.random } : {}),
            ...(call.signal ? { signal: call.signal } : {}),
          },
        );
      } catch (error) {
        // A wait cut short by the signal: the caller hears what the database said.
        const failure = error === last ? error : last;
        if (failure === undefined) throw error;
        throw isDatabaseUnavailable(failure) ? toDbError(failure) : failure;
      }
    },
    async check() {
      // A connection that a restart ended can still sit idle in the pool until its socket is
      // read: the probe that takes it fails although the database answers again. pg drops a
      // connection that failed so, so the probe tries once per idle connection, plus once.
      const attempts = Math.min((pool.idleCount || 0) + 1, MAX_PROBE_ATTEMPTS);
      let answered = false;
      let error: unknown;
      for (let attempt = 1; attempt <= attempts && !answered; attempt++) {
        try {
          await pool.query('SELECT 1');
          answered = true;
        } catch (failure) {
          error = failure;
          if (!isDatabaseUnavailable(failure)) break;
        }
      }
      if (!answered) {
        if (!noteFailure(error)) throw toDbError(error);
        const away = state.away ? state : { since: now(), reason: unavailableReason(error) };
        throw new DbError(
          'DB_UNAVAILABLE',
          `waiting for PostgreSQL at ${target} since ${new Date(away.since).toISOString()} (${away.reason})`,
          { cause: error },
        );
      }
      noteAnswer();
    },
  };
}

function targetOf(pool: Pool): string {
  const url = (pool as Pool & { options?: { connectionString?: unknown } }).options
    ?.connectionString;
  return typeof url === 'string' ? databaseTarget(url) : 'the configured database';
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(ms < 10_000 ? 1 : 0);
}
