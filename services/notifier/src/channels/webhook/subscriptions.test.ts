import { describe, expect, it } from 'vitest';
import { WebhookError } from './errors.js';
import { endpointUrlProblem, parseSubscriptions } from './subscriptions.js';

const SECRET = 'whsec_0123456789abcdef0123456789abcdef';
const valid = {
  id: 'acme-ops',
  url: 'https://hooks.acme.example/overfly',
  secret: SECRET,
  eventTypes: ['invoice.issued', 'disruption.*'],
};

const problemsOf = (value: unknown): string => {
  try {
    parseSubscriptions(JSON.stringify(value));
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookError);
    expect(error).toMatchObject({
      code: 'NOTIFIER_WEBHOOK_SUBSCRIPTIONS_INVALID',
      permanent: true,
    });
    return (error as Error).message;
  }
  throw new Error('expected the subscriptions to be refused');
};

describe('parseSubscriptions', () => {
  it('reads valid subscriptions, localhost and 127.0.0.1 over plain http included', () => {
    const local = { ...valid, id: 'dev', url: 'http://localhost:8080/hook', eventTypes: ['*'] };
    const loop = { ...valid, id: 'loop', url: 'http://127.0.0.1:9/hook' };
    expect(parseSubscriptions(JSON.stringify([valid, local, loop]))).toEqual([valid, local, loop]);
    expect(parseSubscriptions('[]')).toEqual([]);
  });

  it('refuses plain http to another host, naming the entry', () => {
    const message = problemsOf([
      valid,
      { ...valid, id: 'plain', url: 'http://hooks.acme.example/x' },
    ]);
    expect(message).toContain('subscriptions[1] (id "plain").url');
    expect(message).toContain('https');
    expect(message).not.toContain('subscriptions[0]');
  });

  it('refuses a secret under 32 characters without quoting it', () => {
    const message = problemsOf([{ ...valid, secret: 'short-secret-value' }]);
    expect(message).toContain('subscriptions[0] (id "acme-ops").secret');
    expect(message).toContain('32');
    expect(message).not.toContain('short-secret-value');
  });

  it('lists every problem at once', () => {
    const message = problemsOf([
      { ...valid, id: 'a', url: 'ftp://x.example' },
      { ...valid, id: 'b', eventTypes: [] },
      { ...valid, id: 'c', eventTypes: ['Invoice Issued'] },
      { id: 'd', url: 'https://x.example' },
      { ...valid, id: 'e', secrect: SECRET },
      'not an object',
    ]);
    for (const where of [
      'subscriptions[0] (id "a").url',
      'subscriptions[1] (id "b").eventTypes',
      'subscriptions[2] (id "c").eventTypes.0',
      'subscriptions[3] (id "d").secret',
      'subscriptions[3] (id "d").eventTypes',
      'subscriptions[4] (id "e")',
      'subscriptions[5]:',
    ]) {
      expect(message).toContain(where);
    }
    expect(message).toContain('secrect');
  });

  it('refuses a duplicate id', () => {
    expect(problemsOf([valid, { ...valid }])).toContain(
      'subscriptions[1] (id "acme-ops"): the id is already used by subscriptions[0]',
    );
  });

  it('refuses what is not a JSON array', () => {
    expect(() => parseSubscriptions('{')).toThrow(/not JSON/);
    expect(() => parseSubscriptions(JSON.stringify(valid))).toThrow(/JSON array/);
  });
});

describe('endpointUrlProblem', () => {
  it.each([
    ['https://hooks.example/x', undefined],
    ['http://localhost/x', undefined],
    ['http://127.0.0.1:3000/x', undefined],
    ['http://10.0.0.1/x', 'must be https'],
    ['http://localhost.evil.example/x', 'must be https'],
    ['ws://hooks.example/x', 'must be https'],
    ['https://u:p@hooks.example/x', 'credentials'],
    ['hooks.example/x', 'is not a URL'],
  ])('%s', (url, problem) => {
    const found = endpointUrlProblem(url);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });
});
