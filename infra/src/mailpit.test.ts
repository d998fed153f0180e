import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  goInstallEnv,
  installedVersion,
  MAILPIT_MIN_GO,
  MAILPIT_MODULE,
  MAILPIT_VERSION,
  mailpitArgs,
  mailpitEnv,
} from './mailpit.js';
import { infraEndpoints, infraPorts } from './ports.js';

describe('mailpit driver', () => {
  it('pins one released version of the module, and the Go it needs', () => {
    expect(MAILPIT_MODULE).toBe('github.com/axllent/mailpit');
    expect(MAILPIT_VERSION).toMatch(/^v\d+\.\d+\.\d+$/);
    expect(MAILPIT_MIN_GO[0]).toBe(1);
  });

  it('takes its ports from OVERFLY_SMTP_PORT and OVERFLY_MAILPIT_PORT (1025 and 8025 by default)', () => {
    expect(infraPorts({})).toMatchObject({ smtp: 1025, mailpit: 8025 });
    const moved = infraPorts({ OVERFLY_SMTP_PORT: '19025', OVERFLY_MAILPIT_PORT: '19825' });
    expect(moved).toMatchObject({ smtp: 19025, mailpit: 19825 });
    expect(() => infraPorts({ OVERFLY_SMTP_PORT: 'smtp' })).toThrow(/OVERFLY_SMTP_PORT/);
    expect(
      infraEndpoints({ OVERFLY_SMTP_PORT: '19025', OVERFLY_MAILPIT_PORT: '19825' }),
    ).toMatchObject({
      smtpHost: '127.0.0.1',
      smtpPort: 19025,
      mailpitUrl: 'http://127.0.0.1:19825',
    });
  });

  it('listens on 127.0.0.1 only, keeps its mail in the given file and never asks for updates', () => {
    const ports = infraPorts({ OVERFLY_SMTP_PORT: '19025', OVERFLY_MAILPIT_PORT: '19825' });
    const args = mailpitArgs(ports, '/state/mailpit/data/mailpit.db');
    const flag = (name: string) => args[args.indexOf(name) + 1];
    expect(flag('--smtp')).toBe('127.0.0.1:19025');
    expect(flag('--listen')).toBe('127.0.0.1:19825');
    expect(flag('--database')).toBe('/state/mailpit/data/mailpit.db');
    expect(args).toContain('--disable-version-check');
    // A service configured with credentials is accepted over the plain connection.
    expect(args).toEqual(
      expect.arrayContaining(['--smtp-auth-accept-any', '--smtp-auth-allow-insecure']),
    );
  });

  it('drops MP_* variables, which Mailpit would read as settings over its command line', () => {
    const env = mailpitEnv({
      PATH: '/bin',
      MP_DATABASE: '/elsewhere',
      MP_UI_BIND_ADDR: '0.0.0.0:80',
    });
    expect(env).toEqual({ PATH: '/bin' });
  });

  it('installs into the given folder with Go caches left where Go keeps them', () => {
    const env = goInstallEnv(
      { PATH: '/bin', GOFLAGS: '-mod=vendor', HOME: '/root' },
      '/s/bin',
      'local',
    );
    expect(env).toMatchObject({
      GOBIN: '/s/bin',
      GOTOOLCHAIN: 'local',
      CGO_ENABLED: '0',
      GOFLAGS: '',
    });
    expect(env.GOCACHE).toBeUndefined();
    expect(env.GOMODCACHE).toBeUndefined();
    expect(env.GOROOT).toBeUndefined();
    expect(goInstallEnv({}, '/s/bin', 'auto').GOTOOLCHAIN).toBe('auto');
  });

  it("points a fetched toolchain's go at its own GOROOT, whatever the machine's says", () => {
    const env = goInstallEnv(
      { GOROOT: '/usr/lib/go-1.19' },
      '/s/bin',
      'local',
      '/s/go-toolchain/go1.26.8.linux-amd64',
    );
    expect(env).toMatchObject({
      GOROOT: '/s/go-toolchain/go1.26.8.linux-amd64',
      GOTOOLCHAIN: 'local',
    });
  });

  it('reuses an install only when the binary is there and its marker names the version', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailpit-bin-'));
    try {
      expect(installedVersion(dir)).toBeNull();
      fs.writeFileSync(path.join(dir, '.overfly-installed'), 'v1.0.0\n');
      expect(installedVersion(dir), 'marker without binary').toBeNull();
      fs.writeFileSync(path.join(dir, 'mailpit'), '');
      expect(installedVersion(dir)).toBe('v1.0.0');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
