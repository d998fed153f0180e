import { describe, expect, it, onTestFinished } from 'vitest';
import { type FakeSmsProviderOptions, startFakeSmsProvider } from './fake-sms-provider.js';

async function provider(options: FakeSmsProviderOptions = {}) {
  const fake = await startFakeSmsProvider(options);
  onTestFinished(() => fake.close());
  const auth = `Basic ${Buffer.from(`${fake.accountSid}:${fake.authToken}`).toString('base64')}`;
  const post = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${fake.url}/2010-04-01/Accounts/${fake.accountSid}/Messages.json`, {
      method: 'POST',
      headers: {
        authorization: auth,
        'content-type': 'application/x-www-form-urlencoded',
        ...headers,
      },
      body: new URLSearchParams(form).toString(),
    });
  return { fake, post };
}

const FORM = { To: '+447700900123', From: '+15005550006', Body: 'hello' };

describe('fake Twilio provider', () => {
  it('creates a message: 201 with sid and status, and records it with its key', async () => {
    const { fake, post } = await provider();

    const response = await post(FORM, { 'idempotency-key': 'k1' });

    expect(response.status).toBe(201);
    const body = (await response.json()) as { sid: string; status: string; to: string };
    expect(body).toMatchObject({ status: 'queued', to: '+447700900123' });
    expect(fake.received()).toMatchObject([{ sid: body.sid, idempotencyKey: 'k1', body: 'hello' }]);
  });

  it('records a message sent twice twice, as Twilio (no idempotency keys) would', async () => {
    const { fake, post } = await provider();
    await post(FORM, { 'idempotency-key': 'k1' });
    await post(FORM, { 'idempotency-key': 'k1' });
    expect(fake.countsByIdempotencyKey()).toEqual({ k1: 2 });
    expect(new Set(fake.received().map((m) => m.sid)).size).toBe(2);
  });

  it('refuses wrong credentials with Twilio 20003', async () => {
    const { fake, post } = await provider();
    const response = await post(FORM, { authorization: 'Basic d3Jvbmc6d3Jvbmc=' });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 20003, status: 401 });
    expect(fake.received()).toEqual([]);
  });

  it.each([
    [{ From: '+15005550006', Body: 'x' }, 21604],
    [{ To: '+447700900123', Body: 'x' }, 21603],
    [{ To: '+447700900123', From: '+15005550006' }, 21602],
    [{ ...FORM, To: '07700900123' }, 21211],
    [{ ...FORM, To: '+15005550004' }, 21610],
  ])('answers 400 with the Twilio code for %j', async (form, code) => {
    const { fake, post } = await provider();
    const response = await post(form);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code,
      status: 400,
      more_info: `https://www.twilio.com/docs/errors/${code}`,
    });
    expect(fake.received()).toEqual([]);
  });

  it('answers 429 with Retry-After, and 500/503 at the configured rates, deterministically', async () => {
    const { fake, post } = await provider({ rateLimitRate: 1, retryAfterSeconds: 3 });
    const limited = await post(FORM);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');

    fake.configure({ failureRate: 0.5 });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await post(FORM)).status);
    expect(statuses.filter((s) => s === 500 || s === 503).length).toBeGreaterThan(3);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThan(3);

    const again = await provider({ rateLimitRate: 1, retryAfterSeconds: 3 });
    await again.post(FORM);
    again.fake.configure({ failureRate: 0.5 });
    const replay: number[] = [];
    for (let i = 0; i < 20; i++) replay.push((await again.post(FORM)).status);
    expect(replay).toEqual(statuses);
  });
});
