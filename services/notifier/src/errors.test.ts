import { readFileSync } from 'node:fs';
import { errorTableProblems } from '@overfly/errors';
import { describe, expect, it } from 'vitest';
import { notifierErrors } from './errors.js';

describe('notifier error codes', () => {
  it('are all listed in README.md with their retriable flag', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(errorTableProblems(readme, notifierErrors)).toEqual([]);
  });
});
