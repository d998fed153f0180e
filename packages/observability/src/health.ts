import { ObservabilityError, type ObservabilityErrorCode } from './errors.js';

/** A dependency the service needs before it can do useful work (broker, database…). */
export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency is usable; rejects (or times out) when not. */
  check: () => Promise<void>;
  /** Overrides the default timeout for this check. */
  timeoutMs?: number;
}

export interface CheckResult {
  name: string;
  status: 'pass' | 'fail';
  durationMs: number;
  /** On failure: OBSERVABILITY_HEALTH_CHECK_TIMEOUT or OBSERVABILITY_HEALTH_CHECK_FAILED. */
  code?: ObservabilityErrorCode;
  error?: string;
}

export interface ReadinessReport {
  ready: boolean;
  /** Names of the checks that failed, so a probe's log says what to look at. */
  failing: string[];
  checks: CheckResult[];
}

export interface HealthChecks {
  /** Adds a check; returns a function that removes it again. */
  register(check: ReadinessCheck): () => void;
  run(): Promise<ReadinessReport>;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 2_000;

export function createHealthChecks(
  options: { checks?: readonly ReadinessCheck[]; timeoutMs?: number } = {},
): HealthChecks {
  const checks = new Set<ReadinessCheck>(options.checks ?? []);
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  return {
    register(check) {
      checks.add(check);
      return () => {
        checks.delete(check);
      };
    },
    async run() {
      // In parallel: one slow dependency must not push the probe past its own timeout.
      const results = await Promise.all(
        [...checks].map((check) => runCheck(check, check.timeoutMs ?? timeoutMs)),
      );
      const failing = results.filter((result) => result.status === 'fail').map((r) => r.name);
      return { ready: failing.length === 0, failing, checks: results };
    },
  };
}

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ObservabilityError(
            'OBSERVABILITY_HEALTH_CHECK_TIMEOUT',
            `${check.name} after ${timeoutMs} ms`,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    // Promise.resolve().then(): a check that throws synchronously is still a failed check.
    await Promise.race([Promise.resolve().then(() => check.check()), timeout]);
    return { name: check.name, status: 'pass', durationMs: elapsed(started) };
  } catch (error) {
    const timedOut =
      error instanceof ObservabilityError && error.code === 'OBSERVABILITY_HEALTH_CHECK_TIMEOUT';
    return {
      name: check.name,
      status: 'fail',
      durationMs: elapsed(started),
      code: timedOut ? 'OBSERVABILITY_HEALTH_CHECK_TIMEOUT' : 'OBSERVABILITY_HEALTH_CHECK_FAILED',
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
