import { readFileSync } from 'node:fs';
import { errorTableProblems } from '@overfly/errors';
import { describe, expect, it } from 'vitest';
import {
  DbError,
  dbErrors,
  isDatabaseUnavailable,
  toDbError,
  unavailableReason,
} from './errors.js';
import { databaseTarget } from './pool.js';

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

describe('isDatabaseUnavailable: the database is away, the work is not at fault', () => {
  const pgError = (code: string) => Object.assign(new Error('x'), { code, severity: 'FATAL' });
  it.each([
    ['57P01 admin_shutdown (a restart)', pgError('57P01')],
    ['57P02 crash_shutdown', pgError('57P02')],
    ['57P03 cannot_connect_now (starting up)', pgError('57P03')],
    ['08006 connection_failure', pgError('08006')],
    [
      'ECONNREFUSED (down)',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    ],
    ['ECONNRESET', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ["pg's Connection terminated unexpectedly", new Error('Connection terminated unexpectedly')],
    ["pg-pool's connect timeout", new Error('timeout exceeded when trying to connect')],
    [
      'a migration that met a lost connection',
      new DbError('DB_MIGRATION_FAILED', 'migration 1_a failed', { cause: pgError('57P01') }),
    ],
  ])('%s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(isDatabaseUnavailable(toDbError(error))).toBe(true);
  });

  it.each([
    ['a unique violation', pgError('23505')],
    ['a syntax error', pgError('42601')],
    ['a serialization failure (retried, but not an outage)', pgError('40001')],
    ['a wrong password', pgError('28P01')],
    [
      'a migration that is wrong',
      new DbError('DB_MIGRATION_FAILED', 'syntax', { cause: pgError('42601') }),
    ],
    [
      "an application's own error that mentions a connection",
      new (class RejectedMessageError extends Error {})('Connection id malformed'),
    ],
    ['nothing at all', undefined],
  ])('not %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it.each([
    [pgError('57P01'), '57P01 admin_shutdown'],
    [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'ECONNREFUSED'],
    [pgError('08006'), '08006'],
    [new Error('Connection terminated unexpectedly'), 'Connection terminated unexpectedly'],
    [toDbError(pgError('57P03')), '57P03 cannot_connect_now'],
  ])('names why: %s', (error, reason) => {
    expect(unavailableReason(error)).toBe(reason);
  });
});

describe('databaseTarget', () => {
  it('names host, port and database, never the credentials', () => {
    expect(databaseTarget('postgres://overfly:secret@127.0.0.1:25432/overfly')).toBe(
      '127.0.0.1:25432/overfly',
    );
    expect(databaseTarget('postgres://db.example/billing')).toBe('db.example:5432/billing');
    expect(databaseTarget('not a url')).toBe('the configured database');
  });
});
