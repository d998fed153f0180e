import { readFileSync } from 'node:fs';
import { errorTableProblems } from '@overfly/errors';
import { describe, expect, it } from 'vitest';
import { ResilienceError, resilienceErrors } from './errors.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('error codes', () => {
  it('lists every code in the README once, and no other, each with its retriable flag', () => {
    expect(errorTableProblems(readme, resilienceErrors)).toEqual([]);
  });

  it('documents each code with its breaker-failure flag', () => {
    for (const { code, breakerFailure } of resilienceErrors.entries) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${code}\``));
      const cells = row?.split('|').map((cell) => cell.trim());
      expect(cells?.[3], code).toBe(breakerFailure ? 'yes' : 'no');
    }
  });

  it('never retries a 4xx other than 429, and never counts it against the breaker', () => {
    const clientError = resilienceErrors.entry('RESILIENCE_HTTP_CLIENT_ERROR');
    expect(clientError.retriable).toBe(false);
    expect(clientError.breakerFailure).toBe(false);
    expect(resilienceErrors.entry('RESILIENCE_HTTP_RATE_LIMITED').retriable).toBe(true);
  });

  it('builds errors that carry the code, flags and status', () => {
    const error = new ResilienceError('RESILIENCE_HTTP_RATE_LIMITED', {
      detail: 'opensky GET /states/all',
      status: 429,
      retryAfterMs: 2_000,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('RESILIENCE_HTTP_RATE_LIMITED');
    expect(error.retriable).toBe(true);
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(2_000);
    expect(error.message).toContain('opensky GET /states/all');
  });
});
