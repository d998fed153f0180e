import { createHmac, createPublicKey, type KeyObject, timingSafeEqual, verify } from 'node:crypto';
import { OPERATOR_DESIGNATOR, type Principal, ROLES, type Role } from './principal.js';

/**
 * JWT bearer tokens (RFC 7519, compact JWS) checked with node:crypto alone. Each configured
 * key allows exactly one alg — API_JWT_SECRET HS256, API_JWT_PUBLIC_KEY RS256 (RSA) or
 * ES256 (EC P-256) — and the header's alg must be one of those: `none` is refused, and so
 * is HS256 when only a public key is configured (else anyone could sign with the public
 * PEM as an HMAC secret).
 */
export interface JwtVerifier {
  /** The algs a token may be signed with, e.g. ['HS256', 'RS256']. */
  readonly algs: readonly string[];
  /** The token's principal, or why it is refused (never echoing the token). */
  verify(token: string): { ok: true; principal: Principal } | { ok: false; reason: string };
}

export interface JwtOptions {
  /** HS256 shared secret, at least 32 characters. */
  secret?: string | undefined;
  /** PEM public key (or certificate): RSA → RS256, EC P-256 → ES256. */
  publicKey?: string | undefined;
  /** When set, a token's iss must equal it. */
  issuer?: string | undefined;
  /** When set, a token's aud must be it or a list holding it. */
  audience?: string | undefined;
  /** Clock skew allowed on exp, nbf and iat. */
  clockToleranceMs: number;
  /** Epoch ms; tests set it. */
  now?: () => number;
}

const MIN_SECRET_LENGTH = 32;
const MIN_RSA_BITS = 2048;
/** Longer tokens are refused before any parsing or crypto. */
const MAX_TOKEN_LENGTH = 8_192;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
/** An alg worth repeating in a refusal; anything else is not echoed. */
const PRINTABLE_ALG = /^[A-Za-z0-9]{1,16}$/;
/** The sub of a token without one, for logs and its rate-limit bucket. */
const NO_SUB = 'jwt';

/** A bearer value shaped as a compact JWS (header.payload.signature); else an API key. */
export function looksLikeJwt(value: string): boolean {
  return value.split('.').length === 3;
}

type Check = (input: Buffer, signature: Buffer) => boolean;

/**
 * The verifier for API_JWT_*, or null when no JWT key is configured. Throws an Error naming
 * the variable at fault (a short secret, a PEM that is not a usable public key, an issuer
 * or audience without a key); the service says it and stops.
 */
export function createJwtVerifier(options: JwtOptions): JwtVerifier | null {
  const checks = new Map<string, Check>();
  if (options.secret !== undefined) {
    if (options.secret.length < MIN_SECRET_LENGTH)
      throw new Error(`API_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters (HS256)`);
    checks.set('HS256', hmacCheck(options.secret));
  }
  if (options.publicKey !== undefined) {
    const [alg, check] = publicKeyCheck(options.publicKey);
    checks.set(alg, check);
  }
  if (checks.size === 0) {
    if (options.issuer !== undefined || options.audience !== undefined)
      throw new Error(
        'API_JWT_ISSUER and API_JWT_AUDIENCE need API_JWT_SECRET or API_JWT_PUBLIC_KEY',
      );
    return null;
  }
  const algs = [...checks.keys()];
  const now = options.now ?? Date.now;
  const tolerance = options.clockToleranceMs;

  const verifyToken: JwtVerifier['verify'] = (token) => {
    const refuse = (reason: string) => ({ ok: false as const, reason });
    if (token.length > MAX_TOKEN_LENGTH)
      return refuse(`the token is longer than ${MAX_TOKEN_LENGTH} characters`);
    const parts = token.split('.');
    const [rawHeader, rawPayload, rawSignature] = parts;
    if (parts.length !== 3 || !rawHeader || !rawPayload || rawSignature === undefined)
      return refuse('the token is not a JWT (header.payload.signature)');

    const header = decodeJson(rawHeader);
    if (header === null) return refuse('the token header is not base64url JSON');
    const { alg } = header;
    if (typeof alg !== 'string') return refuse('the token header has no alg');
    if (alg.toLowerCase() === 'none') return refuse('unsigned tokens (alg none) are refused');
    const check = checks.get(alg);
    if (!check)
      return refuse(
        `${PRINTABLE_ALG.test(alg) ? `alg ${alg}` : "the token's alg"} is not accepted; this api verifies ${algs.join(', ')}`,
      );
    // No extension is understood, so a token that says one is critical cannot be accepted.
    if (header.crit !== undefined) return refuse('the token header names crit extensions');

    const signature = decodeBase64url(rawSignature);
    if (signature === null || !check(Buffer.from(`${rawHeader}.${rawPayload}`, 'ascii'), signature))
      return refuse('the signature does not match (another key, or an altered token)');

    // Only a signed payload is read.
    const claims = decodeJson(rawPayload);
    if (claims === null) return refuse('the token payload is not base64url JSON');
    const at = now();
    const { exp, nbf, iat, iss, aud, role, operator, sub } = claims;
    if (!isNumericDate(exp)) return refuse('the token has no exp (expiry), which is required');
    if (at >= exp * 1000 + tolerance) return refuse(`the token expired at ${iso(exp)}`);
    if (nbf !== undefined) {
      if (!isNumericDate(nbf)) return refuse('the token nbf is not a number of seconds');
      if (at + tolerance < nbf * 1000) return refuse(`the token is not valid before ${iso(nbf)}`);
    }
    if (iat !== undefined) {
      if (!isNumericDate(iat)) return refuse('the token iat is not a number of seconds');
      if (iat * 1000 > at + tolerance)
        return refuse(`the token was issued in the future (iat ${iso(iat)}); check the clocks`);
    }
    if (options.issuer !== undefined && iss !== options.issuer)
      return refuse('the token is from another issuer (iss)');
    if (
      options.audience !== undefined &&
      aud !== options.audience &&
      !(Array.isArray(aud) && aud.includes(options.audience))
    )
      return refuse('the token is for another audience (aud)');
    if (role === undefined) return refuse('the token has no role claim');
    if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role))
      return refuse(`the token's role is unknown: expected one of ${ROLES.join(', ')}`);
    if (
      operator !== undefined &&
      operator !== null &&
      (typeof operator !== 'string' || !OPERATOR_DESIGNATOR.test(operator))
    )
      return refuse('the token operator must be an ICAO operator designator such as "BAW"');
    if (sub !== undefined && (typeof sub !== 'string' || sub === ''))
      return refuse('the token sub must be a non-empty string');
    return {
      ok: true,
      principal: {
        name: typeof sub === 'string' ? sub : NO_SUB,
        role: role as Role,
        operator: typeof operator === 'string' ? operator : null,
      },
    };
  };
  return { algs, verify: verifyToken };
}

function hmacCheck(secret: string): Check {
  return (input, signature) => {
    const expected = createHmac('sha256', secret).update(input).digest();
    return signature.length === expected.length && timingSafeEqual(signature, expected);
  };
}

function publicKeyCheck(text: string): [string, Check] {
  // A PEM in one environment line often comes with "\n" escapes for its line breaks.
  const pem = text.replace(/\\n/g, '\n').trim();
  if (pem.includes('PRIVATE KEY'))
    throw new Error('API_JWT_PUBLIC_KEY is a private key: give the public key only');
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new Error('API_JWT_PUBLIC_KEY is not a PEM public key or certificate');
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') {
    if ((details.modulusLength ?? 0) < MIN_RSA_BITS)
      throw new Error(`API_JWT_PUBLIC_KEY: an RSA key must have at least ${MIN_RSA_BITS} bits`);
    return ['RS256', (input, signature) => safeVerify(input, key, signature)];
  }
  if (key.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1')
    return [
      'ES256',
      // JWS carries ECDSA signatures as r‖s (64 bytes), not DER.
      (input, signature) =>
        signature.length === 64 && safeVerify(input, { key, dsaEncoding: 'ieee-p1363' }, signature),
    ];
  throw new Error('API_JWT_PUBLIC_KEY must be an RSA key (RS256) or an EC P-256 key (ES256)');
}

function safeVerify(
  input: Buffer,
  key: KeyObject | { key: KeyObject; dsaEncoding: 'ieee-p1363' },
  signature: Buffer,
): boolean {
  try {
    return verify('sha256', input, key, signature);
  } catch {
    return false;
  }
}

/** Strict base64url: its alphabet only, and the one encoding of its bytes. */
function decodeBase64url(text: string): Buffer | null {
  if (!BASE64URL.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

function decodeJson(text: string): Record<string, unknown> | null {
  const bytes = decodeBase64url(text);
  if (bytes === null) return null;
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** Seconds since the epoch (fractions allowed, as RFC 7519's NumericDate). */
function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function iso(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? `${seconds}` : date.toISOString();
}
