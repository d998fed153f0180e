import { readFileSync } from 'node:fs';
import { errorTableProblems } from '@overfly/errors';
import { describe, expect, it } from 'vitest';
import { configErrors } from './errors.js';

describe('error codes', () => {
  it('are all listed in the README', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(errorTableProblems(readme, configErrors)).toEqual([]);
  });
});
