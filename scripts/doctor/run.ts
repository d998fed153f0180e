import type { Check, CheckName, CheckResult, DoctorContext, Finding } from './types.js';
import { errorLine, worstOf } from './verdict.js';

/** Settles with `work`, or with null after `ms`; `work` keeps running, unawaited. */
async function within<T>(work: Promise<T>, ms: number): Promise<{ value: T } | null> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([work.then((value) => ({ value })), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs one check under the context's timeout; whatever happens, it ends as findings. */
async function runOne(check: Check, base: Omit<DoctorContext, 'onClose'>): Promise<Finding[]> {
  const closers: Array<() => unknown> = [];
  const ctx: DoctorContext = { ...base, onClose: (close) => void closers.push(close) };
  const work = check.run(ctx);
  // A check that timed out may still reject later: nobody waits for it any more.
  work.catch(() => undefined);
  const subject = check.target?.(ctx) ?? check.title;
  let findings: Finding[];
  try {
    const outcome = await within(work, ctx.timeoutMs);
    findings = outcome
      ? outcome.value
      : [
          {
            status: 'fail',
            subject,
            detail: `did not answer within ${ctx.timeoutMs} ms`,
            advice: check.advice(ctx),
          },
        ];
  } catch (error) {
    findings = [{ status: 'fail', subject, detail: errorLine(error), advice: check.advice(ctx) }];
  }
  // Closing a client of a hung server can hang too: give it a moment, not the run.
  await within(
    Promise.allSettled(closers.map(async (close) => close())),
    Math.min(1_000, ctx.timeoutMs),
  );
  return findings;
}

/**
 * The checks in order, one at a time (they share two cores with the platform). A check
 * whose `needs` failed in this run is skipped, so a broker that is away is reported once
 * and costs one timeout, not three.
 */
export async function runChecks(
  checks: readonly Check[],
  ctx: Omit<DoctorContext, 'onClose'>,
  onResult: (result: CheckResult) => void = () => undefined,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const failed = new Set<CheckName>();
  for (const check of checks) {
    const started = Date.now();
    const findings: Finding[] =
      check.needs && failed.has(check.needs)
        ? [
            {
              status: 'skip',
              subject: check.title,
              detail: `skipped: the ${check.needs} check failed`,
            },
          ]
        : await runOne(check, ctx);
    const result: CheckResult = {
      name: check.name,
      title: check.title,
      status: worstOf(findings),
      durationMs: Date.now() - started,
      findings,
    };
    if (result.status === 'fail') failed.add(check.name);
    results.push(result);
    onResult(result);
  }
  return results;
}
