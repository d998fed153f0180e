import { describe, expect, it, onTestFinished } from 'vitest';
import { signPayload } from '../channels/webhook/signature.js';
import { startFakeWebhookReceiver } from './fake-webhook-receiver.js';

const SECRET = 'whsec_test_0123456789abcdef0123456789';
const BODY = '{"id":"evt_1"}';

async function receiver() {
  const fake = await startFakeWebhookReceiver({ secrets: [SECRET] });
  onTestFinished(() => fake.close());
  const post = (signature: string, key = 'k1') =>
    fetch(`${fake.url}/hook`, {
      method: 'POST',
      headers: { 'overfly-signature': signature, 'idempotency-key': key },
      body: BODY,
    });
  return { fake, post };
}

const now = () => Math.floor(Date.now() / 1000);

describe('fake webhook receiver', () => {
  it('accepts a signed delivery with 200 { id } and counts duplicates by key', async () => {
    const { fake, post } = await receiver();
    const first = await post(signPayload(SECRET, now(), BODY));
    await post(signPayload(SECRET, now(), BODY));

    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ id: 'rcv_1' });
    expect(fake.countsByIdempotencyKey()).toEqual({ k1: 2 });
  });

  it('refuses, with 401 and the reason, what does not verify, and records nothing', async () => {
    const { fake, post } = await receiver();
    const forged = await post(signPayload('whsec_wrong_0123456789abcdef01234567', now(), BODY));
    const stale = await post(signPayload(SECRET, now() - 3_600, BODY));
    const malformed = await post('nonsense');

    expect([forged.status, stale.status, malformed.status]).toEqual([401, 401, 401]);
    expect(await forged.json()).toEqual({ error: 'BAD_SIGNATURE' });
    expect(await stale.json()).toEqual({ error: 'STALE' });
    expect(await malformed.json()).toEqual({ error: 'MALFORMED' });
    expect(fake.deliveries()).toEqual([]);
    expect(fake.requests().map((r) => r.outcome)).toEqual([
      'unauthorized',
      'unauthorized',
      'unauthorized',
    ]);
  });

  it('answers 429 with Retry-After when told to', async () => {
    const { fake, post } = await receiver();
    fake.configure({ rateLimitRate: 1, retryAfterSeconds: 4 });
    const response = await post(signPayload(SECRET, now(), BODY));
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('4');
    expect(fake.deliveries()).toEqual([]);
  });
});
