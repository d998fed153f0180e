import { describe, expect, it } from 'vitest';
import { retryAfterMsFromHeaders } from './rate-limit.js';

describe('Retry-After parsing', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');

  it('reads delay-seconds', () => {
    expect(retryAfterMsFromHeaders({ 'retry-after': '2' }, now)).toBe(2_000);
  });

  it('reads an HTTP date relative to now', () => {
    expect(retryAfterMsFromHeaders({ 'retry-after': 'Sun, 01 Jun 2025 12:00:30 GMT' }, now)).toBe(
      30_000,
    );
    expect(retryAfterMsFromHeaders({ 'retry-after': 'Sun, 01 Jun 2025 11:00:00 GMT' }, now)).toBe(
      0,
    );
  });

  it("prefers OpenSky's X-Rate-Limit-Retry-After-Seconds", () => {
    expect(
      retryAfterMsFromHeaders({ 'x-rate-limit-retry-after-seconds': '7', 'retry-after': '2' }, now),
    ).toBe(7_000);
  });

  it('returns undefined when no usable header is present', () => {
    expect(retryAfterMsFromHeaders({}, now)).toBeUndefined();
    expect(retryAfterMsFromHeaders({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryAfterMsFromHeaders({ 'retry-after': '-3' }, now)).toBeUndefined();
  });
});
