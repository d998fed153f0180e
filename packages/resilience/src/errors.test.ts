import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, errorDefinition, ResilienceError } from './errors.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
// Rows of the README's error table: | `CODE` | retriable | …
const documented = [...readme.matchAll(/^\|\s*`([A-Z_]+)`\s*\|/gm)].map((m) => m[1]);

describe('error codes', () => {
  it('lists every code in the README', () => {
    const missing = ERROR_CODES.filter((code) => !documented.includes(code));
    expect(missing).toEqual([]);
  });

  it('documents no code that does not exist', () => {
    const unknown = documented.filter(
      (code) => !(ERROR_CODES as readonly string[]).includes(code ?? ''),
    );
    expect(unknown).toEqual([]);
  });

  it('documents each code with its retriable flag', () => {
    for (const code of ERROR_CODES) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${code}\``));
      const cells = row?.split('|').map((cell) => cell.trim());
      expect(cells?.[2], code).toBe(errorDefinition(code).retriable ? 'yes' : 'no');
    }
  });

  it('never retries a 4xx other than 429, and never counts it against the breaker', () => {
    const clientError = errorDefinition('HTTP_CLIENT_ERROR');
    expect(clientError.retriable).toBe(false);
    expect(clientError.breakerFailure).toBe(false);
    expect(errorDefinition('HTTP_RATE_LIMITED').retriable).toBe(true);
  });

  it('builds errors that carry the code, flags and status', () => {
    const error = new ResilienceError('HTTP_RATE_LIMITED', {
      detail: 'opensky GET /states/all',
      status: 429,
      retryAfterMs: 2_000,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('HTTP_RATE_LIMITED');
    expect(error.retriable).toBe(true);
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(2_000);
    expect(error.message).toContain('opensky GET /states/all');
  });
});
