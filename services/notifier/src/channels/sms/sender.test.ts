import type { ResilienceEvent } from '@overfly/resilience';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  type FakeSmsProviderOptions,
  startFakeSmsProvider,
} from '../../test-support/fake-sms-provider.js';
import { waitFor } from '../../test-support/faults.js';
import { DeliveryError } from '../delivery-error.js';
import { SmsError } from './errors.js';
import { createSmsSender, type SmsSenderOptions } from './sender.js';

const TO = '+447700900123';
const FROM = '+15005550006';

async function setup(fake: FakeSmsProviderOptions = {}, extra: Partial<SmsSenderOptions> = {}) {
  const provider = await startFakeSmsProvider(fake);
  onTestFinished(() => provider.close());
  const events: ResilienceEvent[] = [];
  const sms = createSmsSender({
    baseUrl: provider.url,
    accountSid: provider.accountSid,
    authToken: provider.authToken,
    senderId: FROM,
    timeoutMs: 2_000,
    retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 50 },
    onEvent: (event) => events.push(event),
    ...extra,
  });
  onTestFinished(() => sms.close());
  return { provider, sms, events };
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the send to fail');
    },
    (error: unknown) => error,
  );

describe('SMS sender (Twilio) against the fake provider', () => {
  it("sends To, From, Body and the idempotency key, and returns Twilio's SID and status", async () => {
    const { provider, sms } = await setup();

    const result = await sms.send({ idempotencyKey: 'evt-1|SMS|p-1', to: TO, body: 'Gate B12' });

    const [message, ...others] = provider.received();
    expect(others).toEqual([]);
    expect(message).toMatchObject({
      to: TO,
      from: FROM,
      messagingServiceSid: null,
      body: 'Gate B12',
      idempotencyKey: 'evt-1|SMS|p-1',
    });
    expect(result).toEqual({ providerMessageId: message?.sid, providerStatus: 'queued' });
    expect(result.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
  });

  it("finds a message already sent in Twilio's list (same number, same text, since then)", async () => {
    const { provider, sms } = await setup({ lostResponseRate: 1 });
    const since = Date.now() - 1_000;
    // Twilio took it, the answer was lost: the sender cannot know.
    await expect(
      sms.send(
        { idempotencyKey: 'ntf_1', to: TO, body: 'Rebooked on LH104' },
        AbortSignal.timeout(300),
      ),
    ).rejects.toBeInstanceOf(DeliveryError);
    const [message] = provider.received();
    expect(await sms.findSent({ to: TO, body: 'Rebooked on LH104', since })).toBe(message?.sid);
    expect(await sms.findSent({ to: TO, body: 'Rebooked on LH105', since })).toBeNull();
    expect(
      await sms.findSent({ to: '+447700900999', body: 'Rebooked on LH104', since }),
    ).toBeNull();
    expect(
      await sms.findSent({ to: TO, body: 'Rebooked on LH104', since: Date.now() + 60_000 }),
    ).toBeNull();
    expect(provider.requests().filter((r) => r.outcome === 'list')).toHaveLength(4);
  });

  it('sends a Messaging Service SID as MessagingServiceSid, not From', async () => {
    const serviceSid = `MG${'ab'.repeat(16)}`;
    const { provider, sms } = await setup({}, { senderId: serviceSid });

    const result = await sms.send({ idempotencyKey: 'k', to: TO, body: 'hi' });

    expect(provider.received()[0]).toMatchObject({ from: null, messagingServiceSid: serviceSid });
    expect(result.providerStatus).toBe('accepted');
  });

  it('retries 500 and 503 with the same idempotency key and ends delivered, once', async () => {
    const { provider, sms, events } = await setup();
    provider.force('error-500', 'error-503');

    const result = await sms.send({ idempotencyKey: 'key-42', to: TO, body: 'Rebooked' });

    expect(provider.requests().map((r) => [r.outcome, r.idempotencyKey])).toEqual([
      ['error-500', 'key-42'],
      ['error-503', 'key-42'],
      ['ok', 'key-42'],
    ]);
    expect(provider.countsByIdempotencyKey()).toEqual({ 'key-42': 1 });
    expect(result.providerMessageId).toBe(provider.received()[0]?.sid);
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(2);
  });

  it('gives up after its attempts with a transient error when the provider stays down', async () => {
    const { provider, sms } = await setup({ failureRate: 1 });

    const error = await failureOf(sms.send({ idempotencyKey: 'k', to: TO, body: 'x' }));

    expect(error).toBeInstanceOf(SmsError);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({
      code: 'NOTIFIER_SMS_PROVIDER_UNAVAILABLE',
      permanent: false,
      retriable: true,
    });
    expect([500, 503]).toContain((error as SmsError).status);
    expect(provider.requests()).toHaveLength(3);
    expect(provider.received()).toEqual([]);
  });

  it('refuses a number that is not E.164 without calling the provider, and without naming it', async () => {
    const { provider, sms } = await setup();

    for (const to of [
      '00447700900123',
      '+44 7700 900123',
      '447700900123',
      '+0447700900',
      '+1234',
    ]) {
      const error = await failureOf(sms.send({ idempotencyKey: 'k', to, body: 'x' }));
      expect(error).toMatchObject({
        code: 'NOTIFIER_SMS_INVALID_NUMBER',
        permanent: true,
        retriable: false,
      });
      expect((error as Error).message).not.toContain(to);
    }
    expect(provider.requests()).toEqual([]);
  });

  it('refuses an empty or over-long body, or a missing key, without calling the provider', async () => {
    const { provider, sms } = await setup();
    const cases = [
      { idempotencyKey: 'k', to: TO, body: '' },
      { idempotencyKey: 'k', to: TO, body: 'x'.repeat(1_601) },
      { idempotencyKey: ' ', to: TO, body: 'x' },
    ];
    for (const message of cases) {
      await expect(sms.send(message)).rejects.toMatchObject({
        code: 'NOTIFIER_SMS_INVALID_MESSAGE',
        permanent: true,
      });
    }
    await expect(
      sms.send({ idempotencyKey: 'k', to: TO, body: 'x'.repeat(1_600) }),
    ).resolves.toMatchObject({ providerStatus: 'queued' });
    expect(provider.requests()).toHaveLength(1);
  });

  it.each([
    ['+15005550001', 21211],
    ['+15005550004', 21610],
  ])('does not retry a number the provider refuses (%s, Twilio %i)', async (to) => {
    const { provider, sms } = await setup();

    const error = await failureOf(sms.send({ idempotencyKey: 'k', to, body: 'x' }));

    expect(error).toMatchObject({ code: 'NOTIFIER_SMS_REJECTED', permanent: true, status: 400 });
    expect(provider.requests()).toHaveLength(1);
  });

  it('does not retry refused credentials', async () => {
    const { provider, sms } = await setup({}, { authToken: 'wrong-token' });

    const error = await failureOf(sms.send({ idempotencyKey: 'k', to: TO, body: 'x' }));

    expect(error).toMatchObject({
      code: 'NOTIFIER_SMS_UNAUTHORIZED',
      permanent: true,
      status: 401,
    });
    expect(provider.requests().map((r) => r.outcome)).toEqual(['unauthorized']);
  });

  it('sends nothing, from any caller, until a 429 Retry-After has passed', async () => {
    const { provider, sms, events } = await setup({ retryAfterSeconds: 2 });
    provider.force('rate-limited');

    const first = sms.send({ idempotencyKey: 'first', to: TO, body: 'x' });
    await waitFor(() => provider.requests().length === 1, 'the 429');
    await waitFor(() => events.some((e) => e.type === 'rate_limited'), 'the client to see the 429');
    const second = sms.send({ idempotencyKey: 'second', to: TO, body: 'y' });
    await Promise.all([first, second]);

    const [limitedAt, ...later] = provider.requestsTimes();
    expect(later).toHaveLength(2);
    for (const at of later) expect(at - (limitedAt ?? 0)).toBeGreaterThanOrEqual(2_000);
    expect(events.find((e) => e.type === 'rate_limited')?.retryAfterMs).toBe(2_000);
    expect(provider.countsByIdempotencyKey()).toEqual({ first: 1, second: 1 });
  });

  it('reports a 429 whose Retry-After outlasts the wait budget as transient, with retryAfterMs', async () => {
    const { provider, sms } = await setup(
      { rateLimitRate: 1, retryAfterSeconds: 60 },
      { retry: { maxAttempts: 3, maxRetryAfterMs: 1_000 } },
    );

    const error = await failureOf(sms.send({ idempotencyKey: 'k', to: TO, body: 'x' }));

    expect(error).toMatchObject({
      code: 'NOTIFIER_SMS_RATE_LIMITED',
      permanent: false,
      retryAfterMs: 60_000,
    });
    expect(provider.requests()).toHaveLength(1);
  });

  it('times out on a provider that never answers: transient', async () => {
    const { provider, sms } = await setup(
      { hangRate: 1 },
      { timeoutMs: 200, retry: { maxAttempts: 1 } },
    );
    const started = Date.now();

    const error = await failureOf(sms.send({ idempotencyKey: 'k', to: TO, body: 'x' }));

    expect(error).toMatchObject({
      code: 'NOTIFIER_SMS_PROVIDER_UNAVAILABLE',
      permanent: false,
      cause: { code: 'RESILIENCE_HTTP_TIMEOUT' },
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(provider.requests().map((r) => r.outcome)).toEqual(['hang']);
  });

  it('retries after a timeout with the same key; Twilio keeps no keys, so a lost answer means two SMS', async () => {
    const { provider, sms } = await setup({}, { timeoutMs: 200 });
    provider.force('lost-response');

    const result = await sms.send({ idempotencyKey: 'lost', to: TO, body: 'x' });

    expect(provider.requests().map((r) => r.outcome)).toEqual(['lost-response', 'ok']);
    expect(provider.countsByIdempotencyKey()).toEqual({ lost: 2 });
    expect(result.providerMessageId).toBe(provider.received()[1]?.sid);
  });

  it('opens the breaker after repeated failures, fails fast, and closes once the provider recovers', async () => {
    const { provider, sms, events } = await setup(
      { failureRate: 1 },
      {
        retry: { maxAttempts: 1 },
        breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeout: 300 },
      },
    );
    for (let i = 0; i < 3; i++) {
      await expect(sms.send({ idempotencyKey: `k${i}`, to: TO, body: 'x' })).rejects.toMatchObject({
        code: 'NOTIFIER_SMS_PROVIDER_UNAVAILABLE',
        failFast: false,
      });
    }
    expect(sms.breakerState()).toBe('open');

    const fast = await failureOf(sms.send({ idempotencyKey: 'k3', to: TO, body: 'x' }));
    expect(fast).toMatchObject({
      code: 'NOTIFIER_SMS_PROVIDER_UNAVAILABLE',
      permanent: false,
      failFast: true,
      cause: { code: 'RESILIENCE_CIRCUIT_OPEN' },
    });
    expect((fast as SmsError).retryAfterMs).toBeGreaterThan(0);
    expect(provider.requests()).toHaveLength(3);

    provider.configure({});
    await waitFor(() => sms.breakerState() === 'half-open', 'the breaker to half-open', 2_000);
    await expect(sms.send({ idempotencyKey: 'k4', to: TO, body: 'x' })).resolves.toMatchObject({
      providerStatus: 'queued',
    });
    expect(sms.breakerState()).toBe('closed');
    expect(provider.requests()).toHaveLength(4);
    expect(events.map((e) => e.type).filter((t) => t.startsWith('breaker_'))).toEqual([
      'breaker_open',
      'breaker_half_open',
      'breaker_close',
    ]);
  });

  it('does not open the breaker on refused numbers', async () => {
    const { provider, sms } = await setup(
      {},
      { breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeout: 10_000 } },
    );
    for (let i = 0; i < 5; i++) {
      await sms
        .send({ idempotencyKey: `k${i}`, to: '+15005550001', body: 'x' })
        .catch(() => undefined);
    }
    expect(sms.breakerState()).toBe('closed');
    expect(provider.requests()).toHaveLength(5);
  });

  it("reports the caller's abort as transient (nothing is known about the message)", async () => {
    const { sms } = await setup({ hangRate: 1 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);

    const error = await failureOf(
      sms.send({ idempotencyKey: 'k', to: TO, body: 'x' }, controller.signal),
    );

    expect(error).toMatchObject({ code: 'NOTIFIER_SMS_ABORTED', permanent: false });
  });
});
