import { readFileSync } from 'node:fs';
import { errorTableProblems } from '@overfly/errors';
import { describe, expect, it } from 'vitest';
import { ChargesError, type ChargesErrorCode, chargesErrors } from './errors.js';
import { exemptionRules, unpricedReasons } from './reasons.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

function codesIn(heading: string): string[] {
  const start = readme.indexOf(heading);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const next = readme.indexOf('\n## ', start + heading.length);
  const section = readme.slice(start, next < 0 ? undefined : next);
  return [...section.matchAll(/^\|\s*`([A-Z0-9_]+)`\s*\|/gm)].map((m) => m[1] ?? '');
}

describe('the README tables', () => {
  it('list every error code once, and no other', () => {
    expect(errorTableProblems(readme, chargesErrors)).toEqual([]);
  });
  it('list every UNPRICED reason once, and no other', () => {
    expect(codesIn('## UNPRICED reasons').sort()).toEqual(Object.keys(unpricedReasons).sort());
  });
  it('list every exemption once, and no other', () => {
    expect(codesIn('## Exemptions').sort()).toEqual(Object.keys(exemptionRules).sort());
  });
});

describe('ChargesError', () => {
  it('carries the code, retriable flag, and where in the input the problem is', () => {
    const e = new ChargesError('CHARGES_CSV_MALFORMED', 'x', {
      location: { path: 'a.csv', line: 3 },
    });
    expect(e.code).toBe('CHARGES_CSV_MALFORMED' satisfies ChargesErrorCode);
    expect(e.retriable).toBe(false);
    expect(e.line).toBe(3);
    expect(e.message).toBe(
      `${chargesErrors.entry('CHARGES_CSV_MALFORMED').message}: x (a.csv, line 3)`,
    );
  });
});
