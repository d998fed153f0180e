import { createHash } from 'node:crypto';
import { OPERATOR_DESIGNATOR, type Principal, ROLES, type Role } from './principal.js';

/** API keys from API_KEYS, held only as SHA-256 digests. */
export interface KeyRing {
  readonly size: number;
  /** The principal of a presented key, or null for an unknown one. */
  authenticate(key: string): Principal | null;
}

const MIN_KEY_LENGTH = 16;

const digest = (key: string) => createHash('sha256').update(key, 'utf8').digest('base64');

/**
 * Parses API_KEYS: a JSON array of `{ "key", "role", "operator"?, "name"? }`. Throws an
 * Error naming the entry and field at fault (the service says it and stops).
 */
export function parseApiKeys(json: string): KeyRing {
  let entries: unknown;
  try {
    entries = JSON.parse(json);
  } catch (error) {
    throw new Error(`API_KEYS is not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(entries) || entries.length === 0)
    throw new Error(
      'API_KEYS must be a non-empty JSON array of {"key","role","operator"?,"name"?}',
    );
  const byDigest = new Map<string, Principal>();
  entries.forEach((entry: unknown, i) => {
    const at = `API_KEYS[${i}]`;
    if (typeof entry !== 'object' || entry === null) throw new Error(`${at} is not an object`);
    const { key, role, operator, name } = entry as Record<string, unknown>;
    if (typeof key !== 'string' || key.length < MIN_KEY_LENGTH)
      throw new Error(`${at}.key must be a string of at least ${MIN_KEY_LENGTH} characters`);
    if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role))
      throw new Error(`${at}.role must be one of ${ROLES.join(', ')}`);
    if (
      operator !== undefined &&
      operator !== null &&
      (typeof operator !== 'string' || !OPERATOR_DESIGNATOR.test(operator))
    )
      throw new Error(`${at}.operator must be an ICAO operator designator such as "BAW"`);
    if (name !== undefined && typeof name !== 'string')
      throw new Error(`${at}.name must be a string`);
    const d = digest(key);
    if (byDigest.has(d)) throw new Error(`${at}.key repeats an earlier key`);
    byDigest.set(d, {
      name: typeof name === 'string' && name !== '' ? name : `key-${i}`,
      role: role as Role,
      operator: typeof operator === 'string' ? operator : null,
    });
  });
  return {
    size: byDigest.size,
    authenticate: (key) => byDigest.get(digest(key)) ?? null,
  };
}
