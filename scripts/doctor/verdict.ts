import type { CheckResult, Finding, Status } from './types.js';

const SEVERITY: Record<Status, number> = { pass: 0, skip: 1, warn: 2, fail: 3 };

/** The worst status among findings (pass when there are none). */
export function worstOf(findings: readonly Pick<Finding, 'status'>[]): Status {
  let worst: Status = 'pass';
  for (const f of findings) if (SEVERITY[f.status] > SEVERITY[worst]) worst = f.status;
  return worst;
}

/** 0 when nothing failed (warnings and skips do not fail a run), else 1. */
export function exitCodeOf(results: readonly CheckResult[]): 0 | 1 {
  return results.some((r) => r.status === 'fail') ? 1 : 0;
}

/**
 * The one line an error becomes: its message's first line, never its stack, followed by
 * what its causes add ("fetch failed" says little; "connect ECONNREFUSED …" says why).
 */
export function errorLine(error: unknown): string {
  const firstLine = (e: unknown) =>
    (e instanceof Error ? e.message : String(e))
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '') ?? '';
  let line = firstLine(error) || 'unknown error';
  let cause = (error as { cause?: unknown } | null)?.cause;
  for (let depth = 0; cause instanceof Error && depth < 3; depth++) {
    const more = firstLine(cause);
    if (more && !line.includes(more)) line += `: ${more}`;
    cause = (cause as { cause?: unknown }).cause;
  }
  return line;
}
