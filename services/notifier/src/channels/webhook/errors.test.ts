import { readFileSync } from 'node:fs';
import { errorTableProblems } from '@overfly/errors';
import { ResilienceError } from '@overfly/resilience';
import { describe, expect, it } from 'vitest';
import { WebhookError, webhookErrorFrom, webhookErrors } from './errors.js';

describe('webhook error codes', () => {
  it('are all listed in README.md with their retriable flag and status', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    expect(errorTableProblems(readme, webhookErrors)).toEqual([]);
  });

  it('are permanent exactly when not retriable', () => {
    for (const { code, retriable } of webhookErrors.entries) {
      expect(new WebhookError(code)).toMatchObject({ code, retriable, permanent: !retriable });
    }
  });

  it.each([
    [410, 'NOTIFIER_WEBHOOK_GONE', true],
    [400, 'NOTIFIER_WEBHOOK_REJECTED', true],
    [401, 'NOTIFIER_WEBHOOK_REJECTED', true],
    [408, 'NOTIFIER_WEBHOOK_ENDPOINT_UNAVAILABLE', false],
  ])('reads a %i as %s (permanent: %s)', (status, code, permanent) => {
    const error = webhookErrorFrom(new ResilienceError('RESILIENCE_HTTP_CLIENT_ERROR', { status }));
    expect(error).toMatchObject({ code, permanent, status });
  });

  it('keeps the wait a 429 asked for, and marks an open breaker fail-fast', () => {
    expect(
      webhookErrorFrom(
        new ResilienceError('RESILIENCE_HTTP_RATE_LIMITED', { status: 429, retryAfterMs: 7_000 }),
      ),
    ).toMatchObject({
      code: 'NOTIFIER_WEBHOOK_RATE_LIMITED',
      permanent: false,
      retryAfterMs: 7_000,
    });
    expect(
      webhookErrorFrom(new ResilienceError('RESILIENCE_CIRCUIT_OPEN', { retryAfterMs: 500 })),
    ).toMatchObject({
      code: 'NOTIFIER_WEBHOOK_ENDPOINT_UNAVAILABLE',
      failFast: true,
      retryAfterMs: 500,
    });
  });

  it('passes on what is not a ResilienceError', () => {
    const bug = new TypeError('bug');
    expect(webhookErrorFrom(bug)).toBe(bug);
  });
});
