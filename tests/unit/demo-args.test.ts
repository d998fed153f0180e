import { describe, expect, it } from 'vitest';
import { parseDemoArgs } from '../../scripts/demo/args.js';

describe('the demo command line', () => {
  it('reads --timeout in the one duration grammar', () => {
    expect(parseDemoArgs(['--exit-after', '3', '--timeout', '150s'])).toMatchObject({
      exitAfter: 3,
      timeoutMs: 150_000,
    });
    expect(parseDemoArgs(['--timeout', '1m30s']).timeoutMs).toBe(90_000);
    expect(parseDemoArgs([]).timeoutMs).toBeNull();
  });

  // It used to read a bare number as seconds, unlike every other duration: now it says so.
  it('refuses a --timeout without unit, showing the accepted forms', () => {
    expect(() => parseDemoArgs(['--timeout', '150'])).toThrow(
      '--timeout: expected a duration like 250ms, 10s, 5m, 1h30m (a unit is required), got "150"',
    );
  });
});
