import { readFileSync } from 'node:fs';
import { errorTableProblems } from '@overfly/errors';
import { describe, expect, it } from 'vitest';
import { feeCalculatorErrors } from './errors.js';

describe('fee-calculator error codes', () => {
  it('are all listed in README.md (there are none of its own: it says so)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(errorTableProblems(readme, feeCalculatorErrors)).toEqual([]);
    expect(readme).toContain('declares no error code of its own');
  });
});
