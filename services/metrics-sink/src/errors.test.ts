import { readFileSync } from 'node:fs';
import { errorTableProblems } from '@overfly/errors';
import { describe, expect, it } from 'vitest';
import { metricsSinkErrors } from './errors.js';

describe('metrics-sink error codes', () => {
  it('are all listed in README.md with their retriable flag', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(errorTableProblems(readme, metricsSinkErrors)).toEqual([]);
  });
});
