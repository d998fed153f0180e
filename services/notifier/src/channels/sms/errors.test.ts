import { readFileSync } from 'node:fs';
import { errorTableProblems } from '@overfly/errors';
import { ResilienceError } from '@overfly/resilience';
import { describe, expect, it } from 'vitest';
import { SmsError, smsErrorFrom, smsErrors } from './errors.js';

describe('SMS error codes', () => {
  it('are all listed in README.md with their retriable flag and status', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    expect(errorTableProblems(readme, smsErrors)).toEqual([]);
  });

  it('are permanent exactly when not retriable', () => {
    for (const { code, retriable } of smsErrors.entries) {
      expect(new SmsError(code)).toMatchObject({ code, retriable, permanent: !retriable });
    }
  });

  it.each([
    [400, 'NOTIFIER_SMS_REJECTED', true],
    [404, 'NOTIFIER_SMS_REJECTED', true],
    [401, 'NOTIFIER_SMS_UNAUTHORIZED', true],
    [403, 'NOTIFIER_SMS_UNAUTHORIZED', true],
    [408, 'NOTIFIER_SMS_PROVIDER_UNAVAILABLE', false],
  ])('reads a %i as %s (permanent: %s)', (status, code, permanent) => {
    const error = smsErrorFrom(new ResilienceError('RESILIENCE_HTTP_CLIENT_ERROR', { status }));
    expect(error).toMatchObject({ code, permanent, status });
  });

  it('passes on what is not a ResilienceError, and the client’s configuration errors', () => {
    const bug = new TypeError('bug');
    expect(smsErrorFrom(bug)).toBe(bug);
    const config = new ResilienceError('RESILIENCE_MOCK_NOT_CONFIGURED');
    expect(smsErrorFrom(config)).toBe(config);
  });
});
