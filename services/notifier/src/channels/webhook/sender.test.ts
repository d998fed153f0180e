import type { ResilienceEvent } from '@overfly/resilience';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  type FakeWebhookReceiverOptions,
  startFakeWebhookReceiver,
} from '../../test-support/fake-webhook-receiver.js';
import { waitFor } from '../../test-support/faults.js';
import { DeliveryError } from '../delivery-error.js';
import { WebhookError } from './errors.js';
import { createWebhookSender, type WebhookDelivery, type WebhookSenderOptions } from './sender.js';

const SECRET = 'whsec_test_0123456789abcdef0123456789';
const BODY = '{"id":"evt_1","type":"invoice.issued","data":{"invoiceId":"INV-7","total":"12.50"}}';

async function startReceiver(options: Partial<FakeWebhookReceiverOptions> = {}) {
  const receiver = await startFakeWebhookReceiver({ secrets: [SECRET], ...options });
  onTestFinished(() => receiver.close());
  return receiver;
}

function startSender(extra: Partial<WebhookSenderOptions> = {}) {
  const events: ResilienceEvent[] = [];
  const webhooks = createWebhookSender({
    timeoutMs: 2_000,
    retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 50 },
    onEvent: (event) => events.push(event),
    ...extra,
  });
  onTestFinished(() => webhooks.close());
  return { webhooks, events };
}

async function setup(
  receiverOptions: Partial<FakeWebhookReceiverOptions> = {},
  senderOptions: Partial<WebhookSenderOptions> = {},
) {
  const receiver = await startReceiver(receiverOptions);
  const { webhooks, events } = startSender(senderOptions);
  const delivery = (idempotencyKey = 'dlv-1', over: Partial<WebhookDelivery> = {}) => ({
    idempotencyKey,
    url: `${receiver.url}/hooks/overfly?tenant=acme`,
    secret: SECRET,
    eventType: 'invoice.issued',
    body: BODY,
    ...over,
  });
  return { receiver, webhooks, events, delivery };
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the delivery to fail');
    },
    (error: unknown) => error,
  );

describe('webhook sender against the fake receiver', () => {
  it("POSTs the signed body with its headers and returns the receiver's id", async () => {
    const { receiver, webhooks, delivery } = await setup();

    const result = await webhooks.send(delivery('evt_1|WEBHOOK|sub-1'));

    const [received, ...others] = receiver.deliveries();
    expect(others).toEqual([]);
    expect(received).toMatchObject({
      url: '/hooks/overfly?tenant=acme',
      idempotencyKey: 'evt_1|WEBHOOK|sub-1',
      deliveryId: 'evt_1|WEBHOOK|sub-1',
      eventType: 'invoice.issued',
      userAgent: 'overfly-notifier',
      contentType: 'application/json',
      body: BODY,
    });
    expect(receiver.requests()[0]?.verification).toEqual({ ok: true });
    expect(result).toEqual({ providerMessageId: received?.receiverId, providerStatus: '200' });
  });

  it.each([
    ['204 without a body', { status: 204 }],
    ['200 with text', { status: 200, body: 'OK' }],
    ['202 with JSON without an id', { status: 202, body: { received: true } }],
  ])('falls back to the idempotency key as the id on %s', async (_what, answer) => {
    const { receiver, webhooks, delivery } = await setup({ answer: () => answer });

    const result = await webhooks.send(delivery('key-9'));

    expect(result).toEqual({ providerMessageId: 'key-9', providerStatus: String(answer.status) });
    expect(receiver.deliveries()).toHaveLength(1);
  });

  it('retries 500, 408 and 503 with the same delivery id, each attempt signed, and ends delivered', async () => {
    const { receiver, webhooks, events, delivery } = await setup(
      {},
      { retry: { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 50 } },
    );
    receiver.force('error-500', { status: 408 }, 'error-503');

    const result = await webhooks.send(delivery('dlv-7'));

    const requests = receiver.requests();
    expect(requests.map((r) => [r.outcome, r.idempotencyKey, r.verification.ok])).toEqual([
      ['error-500', 'dlv-7', true],
      ['status-408', 'dlv-7', true],
      ['error-503', 'dlv-7', true],
      ['ok', 'dlv-7', true],
    ]);
    expect(receiver.countsByIdempotencyKey()).toEqual({ 'dlv-7': 1 });
    expect(result.providerMessageId).toBe('rcv_1');
    const retries = events.filter((e) => e.type === 'retry');
    expect(retries.map((e) => e.attempt)).toEqual([1, 2, 3]);
    expect(retries[0]?.client).toMatch(/^webhook:127\.0\.0\.1:\d+$/);
  });

  it('signs every attempt with the time it leaves, so a late retry is not stale', async () => {
    let clockMs = Date.now();
    const { receiver, webhooks, delivery } = await setup(
      { toleranceSeconds: 60, nowSeconds: () => Math.floor(clockMs / 1000) },
      {
        // Two minutes pass between attempts: more than the receiver's tolerance.
        now: () => {
          clockMs += 120_000;
          return clockMs;
        },
      },
    );
    receiver.force('error-503');

    await webhooks.send(delivery());

    const [first, second] = receiver.requests();
    expect(first?.verification).toEqual({ ok: true });
    expect(second?.verification).toEqual({ ok: true });
    expect((second?.signedAt ?? 0) - (first?.signedAt ?? 0)).toBe(120);
  });

  it('gives up after its attempts with a transient error when the endpoint stays down', async () => {
    const { receiver, webhooks, delivery } = await setup({ failureRate: 1 });

    const error = await failureOf(webhooks.send(delivery()));

    expect(error).toBeInstanceOf(WebhookError);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({
      code: 'NOTIFIER_WEBHOOK_ENDPOINT_UNAVAILABLE',
      permanent: false,
      retriable: true,
    });
    expect(receiver.requests()).toHaveLength(3);
  });

  it.each([
    [410, 'NOTIFIER_WEBHOOK_GONE'],
    [400, 'NOTIFIER_WEBHOOK_REJECTED'],
    [404, 'NOTIFIER_WEBHOOK_REJECTED'],
    [422, 'NOTIFIER_WEBHOOK_REJECTED'],
  ])('does not retry a %i: %s, permanent', async (status, code) => {
    const { receiver, webhooks, delivery } = await setup();
    receiver.force({ status });

    const error = await failureOf(webhooks.send(delivery()));

    expect(error).toMatchObject({ code, permanent: true, status });
    expect(receiver.requests()).toHaveLength(1);
  });

  it('does not retry a delivery the receiver cannot verify (wrong secret): 401, permanent', async () => {
    const { receiver, webhooks, delivery } = await setup();

    const error = await failureOf(
      webhooks.send(delivery('k', { secret: 'whsec_some_other_secret_0123456789abcdef' })),
    );

    expect(error).toMatchObject({
      code: 'NOTIFIER_WEBHOOK_REJECTED',
      permanent: true,
      status: 401,
    });
    expect(receiver.requests().map((r) => r.verification)).toEqual([
      { ok: false, reason: 'BAD_SIGNATURE' },
    ]);
    expect(receiver.deliveries()).toEqual([]);
  });

  it('sends nothing to the endpoint until a 429 Retry-After has passed', async () => {
    const { receiver, webhooks, events, delivery } = await setup({ retryAfterSeconds: 2 });
    receiver.force('rate-limited');

    const first = webhooks.send(delivery('first'));
    await waitFor(() => events.some((e) => e.type === 'rate_limited'), 'the 429');
    const second = webhooks.send(delivery('second'));
    await Promise.all([first, second]);

    const [limitedAt, ...later] = receiver.requestsTimes();
    expect(later).toHaveLength(2);
    for (const at of later) expect(at - (limitedAt ?? 0)).toBeGreaterThanOrEqual(2_000);
    expect(receiver.countsByIdempotencyKey()).toEqual({ first: 1, second: 1 });
  });

  it('times out on an endpoint that never answers: transient', async () => {
    const { receiver, webhooks, delivery } = await setup(
      { hangRate: 1 },
      { timeoutMs: 200, retry: { maxAttempts: 1 } },
    );

    const error = await failureOf(webhooks.send(delivery()));

    expect(error).toMatchObject({
      code: 'NOTIFIER_WEBHOOK_ENDPOINT_UNAVAILABLE',
      permanent: false,
      cause: { code: 'RESILIENCE_HTTP_TIMEOUT' },
    });
    expect(receiver.requests().map((r) => r.outcome)).toEqual(['hang']);
  });

  it('sends the same delivery id again after a lost answer; the receiver sees the duplicate', async () => {
    const { receiver, webhooks, delivery } = await setup({}, { timeoutMs: 200 });
    receiver.force('lost-response');

    await webhooks.send(delivery('dup'));

    expect(receiver.countsByIdempotencyKey()).toEqual({ dup: 2 });
    expect(receiver.deliveries().map((d) => d.deliveryId)).toEqual(['dup', 'dup']);
  });

  it('opens the breaker of a failing endpoint only, fails fast there, and closes it on recovery', async () => {
    const dead = await startReceiver({ failureRate: 1 });
    const healthy = await startReceiver();
    const { webhooks } = startSender({
      retry: { maxAttempts: 1 },
      breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeout: 300 },
    });
    const to = (url: string, key: string) => ({
      idempotencyKey: key,
      url: `${url}/hook`,
      secret: SECRET,
      eventType: 'invoice.issued',
      body: BODY,
    });

    for (let i = 0; i < 3; i++) {
      await expect(webhooks.send(to(dead.url, `d${i}`))).rejects.toMatchObject({
        code: 'NOTIFIER_WEBHOOK_ENDPOINT_UNAVAILABLE',
        failFast: false,
      });
    }
    expect(webhooks.breakerState(`${dead.url}/hook`)).toBe('open');

    const fast = await failureOf(webhooks.send(to(dead.url, 'd3')));
    expect(fast).toMatchObject({
      code: 'NOTIFIER_WEBHOOK_ENDPOINT_UNAVAILABLE',
      permanent: false,
      failFast: true,
      cause: { code: 'RESILIENCE_CIRCUIT_OPEN' },
    });
    expect((fast as WebhookError).retryAfterMs).toBeGreaterThan(0);
    expect(dead.requests()).toHaveLength(3);

    await expect(webhooks.send(to(healthy.url, 'h1'))).resolves.toMatchObject({
      providerStatus: '200',
    });
    expect(webhooks.breakerState(`${healthy.url}/hook`)).toBe('closed');

    dead.configure({});
    await waitFor(
      () => webhooks.breakerState(`${dead.url}/hook`) === 'half-open',
      'the breaker to half-open',
      2_000,
    );
    await expect(webhooks.send(to(dead.url, 'd4'))).resolves.toMatchObject({
      providerStatus: '200',
    });
    expect(webhooks.breakerState(`${dead.url}/hook`)).toBe('closed');
    expect(dead.requests()).toHaveLength(4);
  });

  it.each([
    ['plain http to another host', { url: 'http://example.com/hook' }],
    ['a URL with credentials', { url: 'https://user:pw@example.com/hook' }],
    ['not a URL', { url: 'example.com/hook' }],
    ['a short secret', { secret: 'too-short' }],
    ['a body that is not JSON', { body: '{"id":' }],
    ['a key with a line break', { idempotencyKey: 'a\r\nInjected: 1' }],
    ['a blank key', { idempotencyKey: ' ' }],
    ['a blank event type', { eventType: '' }],
  ])('refuses %s without sending', async (_what, over) => {
    const { receiver, webhooks, delivery } = await setup();

    const error = await failureOf(webhooks.send(delivery('k', over)));

    expect(error).toMatchObject({ code: 'NOTIFIER_WEBHOOK_INVALID_DELIVERY', permanent: true });
    expect(receiver.requests()).toEqual([]);
  });

  it('answers transient once closed', async () => {
    const { webhooks, delivery } = await setup();
    await webhooks.close();
    await expect(webhooks.send(delivery())).rejects.toMatchObject({
      code: 'NOTIFIER_WEBHOOK_ABORTED',
      permanent: false,
    });
  });
});
