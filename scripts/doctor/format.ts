import type { CheckResult, Status } from './types.js';

const SYMBOL: Record<Status, string> = { pass: '✓', warn: '!', fail: '✗', skip: '!' };

/** One check as text: its title, then a line per finding, advice under what it is for. */
export function formatResult(result: CheckResult): string[] {
  const lines = [result.title];
  for (const f of result.findings) {
    lines.push(`  ${SYMBOL[f.status]} ${f.subject}: ${f.detail}`);
    if (f.advice && f.status !== 'pass') lines.push(`    → ${f.advice}`);
  }
  return lines;
}

/** The last line: how many checks passed, warned, failed. */
export function formatSummary(results: readonly CheckResult[]): string {
  const count = (status: Status) => results.filter((r) => r.status === status).length;
  const parts = [`${count('pass')} passed`];
  if (count('warn') > 0) parts.push(`${count('warn')} with warnings`);
  if (count('skip') > 0) parts.push(`${count('skip')} skipped`);
  if (count('fail') > 0) parts.push(`${count('fail')} failed`);
  const checks = results.length === 1 ? 'check' : 'checks';
  return `${results.length} ${checks}: ${parts.join(', ')}`;
}

/** `--json`: the whole report, for scripts and CI. */
export function jsonReport(
  results: readonly CheckResult[],
  context: { endpoints: Record<string, string>; timeoutMs: number; maxLag: number },
): string {
  return JSON.stringify(
    {
      ok: !results.some((r) => r.status === 'fail'),
      ...context,
      checks: results,
    },
    null,
    2,
  );
}

/** 12345 → "12,345": lag in records reads better grouped. */
export function grouped(n: number | bigint): string {
  return n.toLocaleString('en-US');
}
