import { readFileSync } from 'node:fs';
import { errorTableProblems } from '@overfly/errors';
import { describe, expect, it } from 'vitest';
import { dbErrors, toDbError } from './errors.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('database errors', () => {
  it('are all listed in the README with their retriable flag', () => {
    expect(errorTableProblems(readme, dbErrors)).toEqual([]);
  });

  it.each([
    ['08006', 'DB_UNAVAILABLE', true],
    ['57P01', 'DB_UNAVAILABLE', true],
    ['40001', 'DB_CONFLICT', true],
    ['40P01', 'DB_CONFLICT', true],
    ['23505', 'DB_CONSTRAINT_VIOLATION', false],
    ['42601', 'DB_QUERY_FAILED', false],
    ['ECONNREFUSED', 'DB_UNAVAILABLE', true],
  ])('classifies SQLSTATE %s as %s', (sqlState, code, retriable) => {
    const error = Object.assign(new Error('x'), { code: sqlState });
    expect(toDbError(error)).toMatchObject({ code, retriable });
  });
});
