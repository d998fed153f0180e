import { generateKeyPairSync } from 'node:crypto';
import type { Queryable } from '@overfly/db';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KEYS, testApp } from '../test-support/app.js';
import { signJwt } from '../test-support/jwt.js';
import { createJwtVerifier, type JwtOptions, type JwtVerifier, looksLikeJwt } from './jwt.js';

const SECRET = 'a-shared-hs256-secret-of-32-chars!';
const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);
const T = NOW / 1000; // the same instant in JWT seconds
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const RSA_PUBLIC_PEM = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const otherRsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const EC_PUBLIC_PEM = ec.publicKey.export({ type: 'spki', format: 'pem' }).toString();

const claims = (extra: Record<string, unknown> = {}) => ({
  sub: 'speedbird-billing',
  role: 'billing',
  operator: 'BAW',
  iat: T - 60,
  exp: T + 600,
  ...extra,
});

function verifier(options: Partial<JwtOptions> = {}): JwtVerifier {
  const v = createJwtVerifier({ clockToleranceMs: 30_000, now: () => NOW, ...options });
  if (!v) throw new Error('no verifier');
  return v;
}
const hs = (options: Partial<JwtOptions> = {}) => verifier({ secret: SECRET, ...options });
const rs = (options: Partial<JwtOptions> = {}) =>
  verifier({ publicKey: RSA_PUBLIC_PEM, ...options });

/** The refusal's reason; fails the test when the token is accepted. */
function refusal(v: JwtVerifier, token: string): string {
  const result = v.verify(token);
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(result.principal)}`);
  // A refusal never echoes the token or any of its parts.
  for (const segment of token.split('.').filter((s) => s.length > 8))
    expect(result.reason).not.toContain(segment);
  return result.reason;
}

describe('JWT verification', () => {
  it('accepts HS256, RS256 and ES256 tokens, reading sub, role and operator', () => {
    const principal = { name: 'speedbird-billing', role: 'billing', operator: 'BAW' };
    expect(hs().verify(signJwt('HS256', claims(), SECRET))).toEqual({ ok: true, principal });
    expect(rs().verify(signJwt('RS256', claims(), rsa.privateKey))).toEqual({
      ok: true,
      principal,
    });
    expect(
      verifier({ publicKey: EC_PUBLIC_PEM }).verify(signJwt('ES256', claims(), ec.privateKey)),
    ).toEqual({ ok: true, principal });
    // No operator: every tenant; no sub: a fixed name for logs.
    expect(
      hs().verify(signJwt('HS256', claims({ operator: undefined, sub: undefined }), SECRET)),
    ).toEqual({ ok: true, principal: { name: 'jwt', role: 'billing', operator: null } });
  });

  it('reads a PEM given on one line with \\n escapes', () => {
    const v = verifier({ publicKey: RSA_PUBLIC_PEM.replace(/\n/g, '\\n') });
    expect(v.verify(signJwt('RS256', claims(), rsa.privateKey)).ok).toBe(true);
  });

  it('refuses an expired token, a token without exp, and one not yet valid', () => {
    expect(refusal(hs(), signJwt('HS256', claims({ exp: T - 31 }), SECRET))).toBe(
      'the token expired at 2026-03-01T11:59:29.000Z',
    );
    // Within the clock tolerance it is still good.
    expect(hs().verify(signJwt('HS256', claims({ exp: T - 29 }), SECRET)).ok).toBe(true);
    expect(refusal(hs(), signJwt('HS256', claims({ exp: undefined }), SECRET))).toMatch(
      /no exp \(expiry\), which is required/,
    );
    expect(refusal(hs(), signJwt('HS256', claims({ exp: '2099-01-01' }), SECRET))).toMatch(
      /no exp/,
    );
    expect(refusal(hs(), signJwt('HS256', claims({ nbf: T + 120 }), SECRET))).toBe(
      'the token is not valid before 2026-03-01T12:02:00.000Z',
    );
    expect(hs().verify(signJwt('HS256', claims({ nbf: T + 20 }), SECRET)).ok).toBe(true);
    expect(refusal(hs(), signJwt('HS256', claims({ iat: T + 3600 }), SECRET))).toMatch(
      /issued in the future/,
    );
  });

  it('refuses a tampered payload and a token signed with another key', () => {
    const [header, , signature] = signJwt('HS256', claims(), SECRET).split('.');
    const forged = Buffer.from(JSON.stringify(claims({ role: 'admin' }))).toString('base64url');
    expect(refusal(hs(), `${header}.${forged}.${signature}`)).toMatch(/signature does not match/);
    expect(
      refusal(hs(), signJwt('HS256', claims(), 'another-secret-of-at-least-32-chars')),
    ).toMatch(/signature does not match/);
    expect(refusal(rs(), signJwt('RS256', claims(), otherRsa.privateKey))).toMatch(
      /signature does not match/,
    );
    // The same signature with one more base64url character is not the same token.
    expect(refusal(hs(), `${signJwt('HS256', claims(), SECRET)}A`)).toMatch(/signature/);
  });

  it('refuses alg none, whatever its case', () => {
    for (const alg of ['none', 'None', 'NONE'])
      expect(refusal(hs(), signJwt('none', claims(), null, { alg }))).toBe(
        'unsigned tokens (alg none) are refused',
      );
    expect(refusal(rs(), signJwt('none', claims(), null))).toMatch(/alg none/);
  });

  it('refuses HS256 signed with the public PEM as its secret (alg confusion)', () => {
    const confused = signJwt('HS256', claims({ role: 'admin' }), RSA_PUBLIC_PEM);
    expect(refusal(rs(), confused)).toBe('alg HS256 is not accepted; this api verifies RS256');
    // With both keys configured, HS256 is checked against the secret only, never the PEM.
    expect(refusal(rs({ secret: SECRET }), confused)).toMatch(/signature does not match/);
    // And the other way: a secret alone accepts no RS256.
    expect(refusal(hs(), signJwt('RS256', claims(), rsa.privateKey))).toBe(
      'alg RS256 is not accepted; this api verifies HS256',
    );
  });

  it('refuses an unknown or missing role and a malformed operator', () => {
    expect(refusal(hs(), signJwt('HS256', claims({ role: 'root' }), SECRET))).toBe(
      "the token's role is unknown: expected one of viewer, billing, ops, admin",
    );
    expect(refusal(hs(), signJwt('HS256', claims({ role: undefined }), SECRET))).toBe(
      'the token has no role claim',
    );
    expect(refusal(hs(), signJwt('HS256', claims({ operator: 'baw' }), SECRET))).toMatch(
      /operator must be an ICAO operator designator/,
    );
    expect(refusal(hs(), signJwt('HS256', claims({ sub: 42 }), SECRET))).toMatch(/sub/);
  });

  it('checks iss and aud when configured', () => {
    const v = hs({ issuer: 'https://id.overfly.test', audience: 'overfly-api' });
    const good = { iss: 'https://id.overfly.test', aud: 'overfly-api' };
    expect(v.verify(signJwt('HS256', claims(good), SECRET)).ok).toBe(true);
    expect(
      v.verify(signJwt('HS256', claims({ ...good, aud: ['portal', 'overfly-api'] }), SECRET)).ok,
    ).toBe(true);
    expect(
      refusal(v, signJwt('HS256', claims({ ...good, iss: 'https://evil.test' }), SECRET)),
    ).toBe('the token is from another issuer (iss)');
    expect(refusal(v, signJwt('HS256', claims({ ...good, iss: undefined }), SECRET))).toMatch(
      /another issuer/,
    );
    expect(refusal(v, signJwt('HS256', claims({ ...good, aud: 'portal' }), SECRET))).toBe(
      'the token is for another audience (aud)',
    );
    expect(refusal(v, signJwt('HS256', claims({ ...good, aud: undefined }), SECRET))).toMatch(
      /another audience/,
    );
  });

  it('refuses what is not a signed JWT, and an understood-nowhere crit', () => {
    expect(refusal(hs(), 'not.a.jwt')).toMatch(/header is not base64url JSON/);
    expect(refusal(hs(), signJwt('HS256', claims(), SECRET, { alg: 42 }))).toMatch(/no alg/);
    expect(refusal(hs(), signJwt('HS256', claims(), SECRET, { crit: ['exp'] }))).toMatch(/crit/);
    expect(refusal(hs(), `${'a'.repeat(9_000)}.b.c`)).toMatch(/longer than/);
    expect(looksLikeJwt('aaa.bbb.ccc')).toBe(true);
    expect(looksLikeJwt('test-viewer-key-000000001')).toBe(false);
    expect(looksLikeJwt('a.b.c.d.e')).toBe(false);
  });

  it('is off without a key, and refuses a key it cannot use (naming the variable)', () => {
    expect(createJwtVerifier({ clockToleranceMs: 0 })).toBeNull();
    const bad = (options: Partial<JwtOptions>) => () =>
      createJwtVerifier({ clockToleranceMs: 0, ...options });
    expect(bad({ secret: 'short' })).toThrow(/API_JWT_SECRET must be at least 32/);
    expect(bad({ issuer: 'x' })).toThrow(/API_JWT_ISSUER and API_JWT_AUDIENCE need/);
    expect(bad({ publicKey: 'not a pem' })).toThrow(/API_JWT_PUBLIC_KEY is not a PEM/);
    expect(
      bad({
        publicKey: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      }),
    ).toThrow(/is a private key/);
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey;
    expect(bad({ publicKey: p384.export({ type: 'spki', format: 'pem' }).toString() })).toThrow(
      /RSA key \(RS256\) or an EC P-256 key/,
    );
    expect(verifier({ secret: SECRET, publicKey: EC_PUBLIC_PEM }).algs).toEqual(['HS256', 'ES256']);
  });
});

/** One AFR invoice in the read model; every other query finds nothing. */
const invoiceDb = {
  query: async (sql: string, params: unknown[] = []) => {
    if (sql.startsWith('SELECT * FROM invoices WHERE invoice_id') && params[0] === 'INV-AFR-1')
      return {
        rows: [
          {
            invoice_id: 'INV-AFR-1',
            invoice_number: 'AFR-2026-0001',
            series: 'AFR',
            document_type: 'INVOICE',
            billing_cycle: '2026-02',
            operator_icao: 'AFR',
            status: 'ISSUED',
            total_minor: '12000',
            currency: 'EUR',
            paid_minor: null,
            line_count: 0,
            related_invoice_id: null,
            period_start: String(Date.UTC(2026, 1, 1)),
            period_end: String(Date.UTC(2026, 2, 1)),
            due_date: null,
            updated_at: String(Date.UTC(2026, 2, 1)),
          },
        ],
        rowCount: 1,
      };
    return { rows: [], rowCount: 0 };
  },
} as unknown as Queryable;

describe('JWTs through the app', () => {
  const apps: Array<{ close(): Promise<unknown> }> = [];
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.close();
  });
  async function app(options: Parameters<typeof testApp>[1]) {
    const a = await testApp(invoiceDb, options);
    apps.push(a);
    return a;
  }
  const now = () => Math.floor(Date.now() / 1000);
  const token = (extra: Record<string, unknown> = {}) =>
    signJwt('HS256', { sub: 'clerk', role: 'billing', exp: now() + 600, ...extra }, SECRET);
  const jwt = () => createJwtVerifier({ secret: SECRET, clockToleranceMs: 30_000 });
  const get = (a: Awaited<ReturnType<typeof app>>, url: string, credential?: string) =>
    a.inject({ url, headers: credential ? { authorization: `Bearer ${credential}` } : {} });

  it("scopes a token with an operator to that tenant: another's invoice is 404", async () => {
    const a = await app({ jwt: jwt() });
    const afr = await get(a, '/v1/invoices/INV-AFR-1', token({ operator: 'AFR' }));
    expect(afr.statusCode).toBe(200);
    expect(afr.json()).toMatchObject({ invoiceId: 'INV-AFR-1', operatorIcao: 'AFR' });
    const baw = await get(a, '/v1/invoices/INV-AFR-1', token({ operator: 'BAW' }));
    expect(baw.statusCode).toBe(404);
    expect(baw.json()).toMatchObject({ detail: 'invoice INV-AFR-1 does not exist' });
    // Exactly as a document that does not exist.
    const missing = await get(a, '/v1/invoices/INV-NONE', token({ operator: 'BAW' }));
    expect(missing.statusCode).toBe(404);
    expect((await get(a, '/v1/invoices/INV-AFR-1', token())).statusCode).toBe(200);
  });

  it('answers a refused token 401 problem+json saying why, never echoing it', async () => {
    const a = await app({ jwt: jwt() });
    const expired = token({ exp: now() - 3600 });
    const r = await get(a, '/v1/invoices', expired);
    expect(r.statusCode).toBe(401);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(r.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(r.json().detail).toMatch(/^the token expired at /);
    for (const segment of expired.split('.')) expect(r.body).not.toContain(segment);
    const tampered = `${token().slice(0, -4)}AAAA`;
    expect((await get(a, '/v1/invoices', tampered)).json().detail).toMatch(/signature/);
    const unknownRole = await get(a, '/v1/invoices', token({ role: 'root' }));
    expect(unknownRole.statusCode).toBe(401);
    expect(unknownRole.json().detail).toMatch(/role is unknown/);
  });

  it('answers a role without the data 403, as for a key', async () => {
    const a = await app({ jwt: jwt() });
    const r = await get(a, '/v1/invoices', token({ role: 'viewer' }));
    expect(r.statusCode).toBe(403);
    expect(r.json().detail).toBe('role viewer may not read billing data');
  });

  it('keeps API keys working beside JWTs, and turns auth on with a JWT key alone', async () => {
    const both = await app({ jwt: jwt() });
    expect((await get(both, '/v1/flights/zzzzzz', TEST_KEYS.viewer)).statusCode).toBe(400);
    expect((await get(both, '/v1/flights/zzzzzz', 'no-such-key-0000000000')).json().detail).toBe(
      'the API key is not known',
    );
    const jwtOnly = await app({ keys: null, jwt: jwt() });
    const none = await get(jwtOnly, '/v1/flights');
    expect(none.statusCode).toBe(401);
    expect(none.json().detail).toBe('credentials are required: Authorization: Bearer <JWT>');
    expect((await get(jwtOnly, '/v1/flights', TEST_KEYS.viewer)).statusCode).toBe(401);
    expect((await get(jwtOnly, '/v1/flights/zzzzzz', token())).statusCode).toBe(400);
    // No JWT key configured: a JWT is just an unknown key.
    const keysOnly = await app({});
    const r = await get(keysOnly, '/v1/flights', token());
    expect(r.statusCode).toBe(401);
    expect(r.json().detail).toBe('the API key is not known (JWTs are not accepted)');
  });
});
