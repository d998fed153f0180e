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

  it('takes the api port from --api-port, else API_PORT, else 3000; 0 is any free one', () => {
    expect(parseDemoArgs([]).apiPort).toBe(3000);
    expect(parseDemoArgs([], { API_PORT: '3100' }).apiPort).toBe(3100);
    expect(parseDemoArgs(['--api-port', '0'], { API_PORT: '3100' }).apiPort).toBe(0);
    expect(() => parseDemoArgs(['--api-port', '70000'])).toThrow(
      '--api-port: expected a port 0-65535 (0: any free one), got "70000"',
    );
    expect(() => parseDemoArgs([], { API_PORT: 'x' })).toThrow('API_PORT: expected a port');
    expect(() => parseDemoArgs(['--api-port', '3100', '--no-services'])).toThrow(
      '--api-port needs the services',
    );
  });
});
