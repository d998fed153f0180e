// Webhook signatures as Stripe signs its events (`Stripe-Signature: t=…,v1=…`) and GitHub
// its deliveries (HMAC-SHA256 of the raw body): the header carries the signing time and
// one or more `v1` signatures, each hex HMAC-SHA256(secret, "<t>.<body>"). Signing the time
// with the body lets a receiver refuse an old delivery replayed by someone who captured it.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header the signature travels in. */
export const SIGNATURE_HEADER = 'Overfly-Signature';

const DEFAULT_TOLERANCE_SECONDS = 300;

type SignatureFailure = 'MALFORMED' | 'STALE' | 'FUTURE' | 'BAD_SIGNATURE';

export type VerifyResult = { ok: true } | { ok: false; reason: SignatureFailure };

export interface VerifyInput {
  /** The Overfly-Signature header as received (undefined when absent). */
  header: string | null | undefined;
  /** The raw request body, exactly as received: not re-serialised JSON. */
  body: string;
  /** The endpoint's secrets; during a rotation both old and new, and either may match. */
  secrets: readonly string[];
  /** Oldest (and furthest in the future) a signature may be. Default 300 s. */
  toleranceSeconds?: number;
  /** Default: the clock, in whole seconds. */
  nowSeconds?: number;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export function signPayload(secret: string, timestampSeconds: number, body: string): string {
  // Below 1e11 (year 5138): a value in milliseconds is a mistake, refused rather than sent
  // to be judged FUTURE by every receiver.
  if (!Number.isInteger(timestampSeconds) || timestampSeconds < 0 || timestampSeconds >= 1e11)
    throw new RangeError(`timestampSeconds must be whole unix seconds: ${timestampSeconds}`);
  if (secret.length === 0) throw new RangeError('the signing secret is empty');
  return `t=${timestampSeconds},v1=${hmacHex(secret, timestampSeconds, body)}`;
}

/**
 * Checks a delivery's signature: well-formed header, an HMAC matching one of `secrets`
 * (compared in constant time), then a timestamp within `toleranceSeconds` of now. The time
 * is judged only once the signature is genuine, so STALE and FUTURE speak of an authentic
 * delivery (a replay, a slow retry queue, a skewed clock), never of a forgery.
 */
export function verifySignature(input: VerifyInput): VerifyResult {
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (!(tolerance >= 0)) throw new RangeError(`toleranceSeconds must be >= 0: ${tolerance}`);
  if (input.secrets.length === 0 || input.secrets.some((s) => s.length === 0))
    throw new RangeError('verifySignature needs at least one non-empty secret');

  const parsed = parseHeader(input.header);
  if (!parsed) return { ok: false, reason: 'MALFORMED' };

  const genuine = input.secrets.some((secret) => {
    const expected = Buffer.from(hmacHex(secret, parsed.timestamp, input.body), 'hex');
    return parsed.signatures.some(
      (candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected),
    );
  });
  if (!genuine) return { ok: false, reason: 'BAD_SIGNATURE' };

  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (parsed.timestamp < now - tolerance) return { ok: false, reason: 'STALE' };
  if (parsed.timestamp > now + tolerance) return { ok: false, reason: 'FUTURE' };
  return { ok: true };
}

function hmacHex(secret: string, timestampSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex');
}

const TIMESTAMP = /^\d{1,15}$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/**
 * `t` exactly once (digits), at least one `v1` (64 hex digits). Schemes other than `v1`
 * are skipped, so a later scheme can be added alongside without breaking receivers.
 */
function parseHeader(
  header: string | null | undefined,
): { timestamp: number; signatures: Buffer[] } | undefined {
  if (typeof header !== 'string' || header.length > 4_096) return undefined;
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (timestamp !== undefined || !TIMESTAMP.test(value)) return undefined;
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!HEX_SHA256.test(value)) return undefined;
      signatures.push(Buffer.from(value, 'hex'));
    }
  }
  if (timestamp === undefined || signatures.length === 0) return undefined;
  return { timestamp, signatures };
}
