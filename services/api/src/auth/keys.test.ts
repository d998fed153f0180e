import { describe, expect, it } from 'vitest';
import { parseApiKeys } from './keys.js';
import { allows } from './principal.js';

const KEYS = JSON.stringify([
  { key: 'billing-key-0123456789', role: 'billing', operator: 'BAW', name: 'speedbird billing' },
  { key: 'viewer-key-0123456789', role: 'viewer' },
]);

describe('API keys', () => {
  it('knows each key by its digest, with role and tenant scope', () => {
    const ring = parseApiKeys(KEYS);
    expect(ring.size).toBe(2);
    expect(ring.authenticate('billing-key-0123456789')).toEqual({
      name: 'speedbird billing',
      role: 'billing',
      operator: 'BAW',
    });
    expect(ring.authenticate('viewer-key-0123456789')).toEqual({
      name: 'key-1',
      role: 'viewer',
      operator: null,
    });
    expect(ring.authenticate('billing-key-012345678')).toBeNull();
    expect(ring.authenticate('')).toBeNull();
  });

  it.each([
    ['not json', /not JSON/],
    ['[]', /non-empty JSON array/],
    ['{"key":"x"}', /non-empty JSON array/],
    ['[{"key":"short","role":"viewer"}]', /API_KEYS\[0\]\.key must be a string of at least 16/],
    [
      '[{"key":"long-enough-key-0001","role":"root"}]',
      /API_KEYS\[0\]\.role must be one of viewer, billing, ops, admin/,
    ],
    [
      '[{"key":"long-enough-key-0001","role":"billing","operator":"British"}]',
      /API_KEYS\[0\]\.operator/,
    ],
    [
      '[{"key":"long-enough-key-0001","role":"viewer"},{"key":"long-enough-key-0001","role":"admin"}]',
      /API_KEYS\[1\]\.key repeats/,
    ],
  ])('refuses %s, naming the entry at fault', (json, message) => {
    expect(() => parseApiKeys(json)).toThrow(message);
  });

  it('gives each role its data and no more', () => {
    const p = (role: 'viewer' | 'billing' | 'ops' | 'admin') => ({
      name: role,
      role,
      operator: null,
    });
    expect(allows(p('viewer'), 'traffic')).toBe(true);
    expect(allows(p('viewer'), 'billing')).toBe(false);
    expect(allows(p('billing'), 'billing')).toBe(true);
    expect(allows(p('billing'), 'ops')).toBe(false);
    expect(allows(p('ops'), 'ops')).toBe(true);
    expect(allows(p('ops'), 'admin')).toBe(false);
    expect(allows(p('admin'), 'admin')).toBe(true);
  });
});
