import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signPayload, verifySignature } from './signature.js';

const SECRET = 'whsec_0123456789abcdef0123456789abcdef';
const OTHER = 'whsec_fedcba9876543210fedcba9876543210';
const BODY = '{"id":"evt_1","type":"invoice.issued","data":{"amount":"12.50"}}';
const NOW = 1_767_225_600; // 2026-01-01T00:00:00Z

const verify = (
  header: string | undefined,
  extra: Partial<Parameters<typeof verifySignature>[0]> = {},
) => verifySignature({ header, body: BODY, secrets: [SECRET], nowSeconds: NOW, ...extra });

describe('signPayload', () => {
  it('writes t and the hex HMAC-SHA256 of "<t>.<body>"', () => {
    const expected = createHmac('sha256', SECRET).update(`${NOW}.${BODY}`).digest('hex');
    expect(signPayload(SECRET, NOW, BODY)).toBe(`t=${NOW},v1=${expected}`);
  });

  it('refuses a timestamp that is not whole seconds (milliseconds included), and an empty secret', () => {
    expect(() => signPayload(SECRET, 1.5, BODY)).toThrow(RangeError);
    expect(() => signPayload(SECRET, -1, BODY)).toThrow(RangeError);
    expect(() => signPayload(SECRET, Date.now(), BODY)).toThrow(RangeError);
    expect(() => signPayload('', NOW, BODY)).toThrow(RangeError);
  });
});

describe('verifySignature', () => {
  it('accepts what signPayload signed (round trip), also when the body has non-ASCII text', () => {
    expect(verify(signPayload(SECRET, NOW, BODY))).toEqual({ ok: true });
    const body = '{"name":"Zürich – Genève ✈"}';
    const header = signPayload(SECRET, NOW, body);
    expect(verifySignature({ header, body, secrets: [SECRET], nowSeconds: NOW })).toEqual({
      ok: true,
    });
  });

  it('refuses a tampered body', () => {
    const header = signPayload(SECRET, NOW, BODY);
    expect(verify(header, { body: BODY.replace('12.50', '1250') })).toEqual({
      ok: false,
      reason: 'BAD_SIGNATURE',
    });
    // Re-serialised JSON is a different body: receivers must verify the raw bytes.
    expect(verify(header, { body: JSON.stringify(JSON.parse(BODY), null, 2) })).toMatchObject({
      reason: 'BAD_SIGNATURE',
    });
  });

  it('refuses a signature made with another secret', () => {
    expect(verify(signPayload(OTHER, NOW, BODY))).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  });

  it('refuses a timestamp changed after signing', () => {
    const header = signPayload(SECRET, NOW, BODY).replace(`t=${NOW}`, `t=${NOW + 1}`);
    expect(verify(header)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  });

  it('accepts any of the secrets during a rotation, the second included', () => {
    const header = signPayload(OTHER, NOW, BODY);
    expect(verify(header, { secrets: [SECRET, OTHER] })).toEqual({ ok: true });
    expect(verify(header, { secrets: [SECRET] })).toMatchObject({ reason: 'BAD_SIGNATURE' });
  });

  it('accepts a header with several v1 signatures when one matches, and skips unknown schemes', () => {
    const v1 = (secret: string) => signPayload(secret, NOW, BODY).split(',')[1];
    expect(verify(`t=${NOW},${v1(OTHER)},${v1(SECRET)}`)).toEqual({ ok: true });
    expect(verify(`t=${NOW},v0=abc,${v1(SECRET)},v2=zzz`)).toEqual({ ok: true });
    expect(verify(`t=${NOW},${v1(OTHER)}`)).toMatchObject({ reason: 'BAD_SIGNATURE' });
  });

  it('refuses an authentic signature older than the tolerance as STALE', () => {
    const header = signPayload(SECRET, NOW - 301, BODY);
    expect(verify(header)).toEqual({ ok: false, reason: 'STALE' });
    expect(verify(signPayload(SECRET, NOW - 300, BODY))).toEqual({ ok: true });
    expect(verify(header, { toleranceSeconds: 600 })).toEqual({ ok: true });
    expect(verify(signPayload(SECRET, NOW - 11, BODY), { toleranceSeconds: 10 })).toMatchObject({
      reason: 'STALE',
    });
  });

  it('refuses an authentic signature from further in the future than the tolerance as FUTURE', () => {
    expect(verify(signPayload(SECRET, NOW + 301, BODY))).toEqual({ ok: false, reason: 'FUTURE' });
    expect(verify(signPayload(SECRET, NOW + 3_600, BODY))).toEqual({ ok: false, reason: 'FUTURE' });
    expect(verify(signPayload(SECRET, NOW + 300, BODY))).toEqual({ ok: true });
  });

  it('calls an old forgery a bad signature, not stale', () => {
    expect(verify(signPayload(OTHER, NOW - 10_000, BODY))).toEqual({
      ok: false,
      reason: 'BAD_SIGNATURE',
    });
  });

  it('uses the clock when no time is given', () => {
    const now = Math.floor(Date.now() / 1000);
    const fresh = signPayload(SECRET, now, BODY);
    expect(verifySignature({ header: fresh, body: BODY, secrets: [SECRET] })).toEqual({ ok: true });
    const old = signPayload(SECRET, now - 1_000, BODY);
    expect(verifySignature({ header: old, body: BODY, secrets: [SECRET] })).toMatchObject({
      reason: 'STALE',
    });
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['no timestamp', `v1=${'a'.repeat(64)}`],
    ['no v1', `t=${NOW}`],
    ['only another scheme', `t=${NOW},v0=${'a'.repeat(64)}`],
    ['two timestamps', `t=${NOW},t=${NOW},v1=${'a'.repeat(64)}`],
    ['timestamp not digits', `t=12e3,v1=${'a'.repeat(64)}`],
    ['negative timestamp', `t=-5,v1=${'a'.repeat(64)}`],
    ['short v1', `t=${NOW},v1=abcd`],
    ['v1 not hex', `t=${NOW},v1=${'g'.repeat(64)}`],
    ['part without =', `t=${NOW},v1`],
    ['empty key', `t=${NOW},=x,v1=${'a'.repeat(64)}`],
    ['Stripe-style header of another shape', 'sha256=abcdef'],
    ['huge', `t=${NOW},${'x=y,'.repeat(2_000)}v1=${'a'.repeat(64)}`],
  ])('refuses a malformed header (%s)', (_why, header) => {
    expect(verify(header)).toEqual({ ok: false, reason: 'MALFORMED' });
  });

  it('refuses to verify without a secret rather than pass everything', () => {
    expect(() => verify(signPayload(SECRET, NOW, BODY), { secrets: [] })).toThrow(RangeError);
    expect(() => verify(signPayload(SECRET, NOW, BODY), { secrets: [''] })).toThrow(RangeError);
  });
});
