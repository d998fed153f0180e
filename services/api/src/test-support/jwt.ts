import { createHmac, type KeyObject, sign } from 'node:crypto';

const part = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/**
 * A compact JWS signed with node:crypto, as an identity provider would: HS256 with a
 * string (or any bytes, such as a public PEM for the alg-confusion test), RS256/ES256 with
 * a private key, `none` with no signature. `header` adds or overrides header fields.
 */
export function signJwt(
  alg: 'HS256' | 'RS256' | 'ES256' | 'none',
  claims: Record<string, unknown>,
  key: string | KeyObject | null,
  header: Record<string, unknown> = {},
): string {
  const input = `${part({ alg, typ: 'JWT', ...header })}.${part(claims)}`;
  let signature = Buffer.alloc(0);
  if (alg === 'HS256')
    signature = createHmac('sha256', key as string)
      .update(input)
      .digest();
  if (alg === 'RS256') signature = sign('sha256', Buffer.from(input), key as KeyObject);
  if (alg === 'ES256')
    signature = sign('sha256', Buffer.from(input), {
      key: key as KeyObject,
      dsaEncoding: 'ieee-p1363',
    });
  return `${input}.${signature.toString('base64url')}`;
}

/** Epoch seconds `offsetSeconds` from now (or from `nowMs`). */
export const secondsFromNow = (offsetSeconds: number, nowMs = Date.now()) =>
  Math.floor(nowMs / 1000) + offsetSeconds;
