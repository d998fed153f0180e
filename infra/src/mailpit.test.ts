import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mailpitArgs, mailpitEnv } from './mailpit.js';
import {
  BUILT_WITH_UI,
  BUILT_WITHOUT_UI,
  goBuildArgs,
  goBuildEnv,
  installedBuild,
  installedMarker,
  MAILPIT_MIN_GO,
  MAILPIT_MODULE,
  MAILPIT_UI_PACKAGE_DIR,
  MAILPIT_VERSION,
  NPM_CI_ARGS,
  npmEnv,
} from './mailpit-build.js';
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

  it('builds with Go caches left where Go keeps them, and no workspace or GOFLAGS of the caller', () => {
    const env = goBuildEnv({ PATH: '/bin', GOFLAGS: '-mod=vendor', HOME: '/root' }, 'local');
    expect(env).toMatchObject({
      GOTOOLCHAIN: 'local',
      CGO_ENABLED: '0',
      GOWORK: 'off',
      GOFLAGS: '',
    });
    expect(env.GOCACHE).toBeUndefined();
    expect(env.GOMODCACHE).toBeUndefined();
    expect(env.GOROOT).toBeUndefined();
    // One toolchain, go.mod's, for the download and the build (not the newest patch, then it).
    expect(goBuildEnv({}, 'auto').GOTOOLCHAIN).toBe('go1.26.0+auto');
  });

  it("points a fetched toolchain's go at its own GOROOT, whatever the machine's says", () => {
    const env = goBuildEnv(
      { GOROOT: '/usr/lib/go-1.19' },
      'local',
      '/s/go-toolchain/go1.26.8.linux-amd64',
    );
    expect(env).toMatchObject({
      GOROOT: '/s/go-toolchain/go1.26.8.linux-amd64',
      GOTOOLCHAIN: 'local',
    });
  });

  it("stamps the pinned version into the binary, as Mailpit's own release build does", () => {
    const args = goBuildArgs('/s/bin/mailpit');
    expect(args.slice(0, 2)).toEqual(['build', '-buildvcs=false']);
    expect(args[args.indexOf('-ldflags') + 1]).toBe(
      `-s -w -X github.com/axllent/mailpit/config.Version=${MAILPIT_VERSION}`,
    );
    expect(args[args.indexOf('-o') + 1]).toBe('/s/bin/mailpit');
  });

  it('reuses a build only when the binary is there and its marker names the version and the page', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailpit-bin-'));
    const mark = (text: string) => fs.writeFileSync(path.join(dir, '.overfly-installed'), text);
    try {
      expect(installedBuild(dir)).toBe('missing');
      mark(`${BUILT_WITH_UI}\n`);
      expect(installedBuild(dir), 'marker without binary').toBe('missing');
      fs.writeFileSync(path.join(dir, 'mailpit'), '');
      expect(installedMarker(dir)).toBe(BUILT_WITH_UI);
      expect(installedBuild(dir)).toBe('with-ui');
      mark(`${BUILT_WITHOUT_UI}\n`);
      expect(installedBuild(dir), 'npm failed: reused, with a warning').toBe('without-ui');
      // What `go install` builds wrote: the bare version. Rebuilt once, with the page.
      mark(`${MAILPIT_VERSION}\n`);
      expect(installedBuild(dir)).toBe('missing');
      mark('v1.0.0 web-ui\n');
      expect(installedBuild(dir), 'another pin').toBe('missing');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("mailpit's web page build", () => {
  const pkg = JSON.parse(
    fs.readFileSync(path.join(MAILPIT_UI_PACKAGE_DIR, 'package.json'), 'utf8'),
  ) as { mailpitVersion: string; dependencies: Record<string, string> };
  const lock = JSON.parse(
    fs.readFileSync(path.join(MAILPIT_UI_PACKAGE_DIR, 'package-lock.json'), 'utf8'),
  ) as {
    lockfileVersion: number;
    packages: Record<string, { dependencies?: Record<string, string>; integrity?: string }>;
  };

  it("is looked at again when Mailpit's pin moves: its packages name the pinned version", () => {
    expect(pkg.mailpitVersion).toBe(MAILPIT_VERSION);
  });

  it('pins exact versions, and its lock is the one made from them, every package with a checksum', () => {
    for (const [name, version] of Object.entries(pkg.dependencies)) {
      expect(version, name).toMatch(/^\d+\.\d+\.\d+$/);
    }
    // What `npm ci` checks, so a stale lock fails here rather than on a first `infra up`.
    expect(lock.packages['']?.dependencies).toEqual(pkg.dependencies);
    expect(lock.lockfileVersion).toBe(3);
    for (const [where, entry] of Object.entries(lock.packages)) {
      if (where !== '') expect(entry.integrity, where).toMatch(/^sha512-/);
    }
    // esbuild and its plugins, and the Vue compiler: the page cannot be bundled without them.
    expect(Object.keys(pkg.dependencies)).toEqual(
      expect.arrayContaining(['esbuild', 'esbuild-plugin-vue-next', 'esbuild-sass-plugin', 'sass']),
    );
  });

  it('installs the lock as it is, without install scripts or peers, whatever the npm config says', () => {
    expect(NPM_CI_ARGS[0]).toBe('ci');
    expect(NPM_CI_ARGS).toEqual(
      expect.arrayContaining(['--legacy-peer-deps', '--ignore-scripts', '--include=optional']),
    );
  });

  it("keeps the user's npm settings but not what pnpm adds when infra runs from a pnpm script", () => {
    const env = npmEnv({
      PATH: '/bin',
      npm_config_registry: 'https://npm.example.org/',
      npm_config_cache: '/cache',
      npm_config_frozen_lockfile: '',
      npm_config_auto_install_peers: 'true',
      npm_config_user_agent: 'pnpm/9.15.9',
      npm_lifecycle_event: 'infra:up',
      npm_package_name: 'overfly',
      npm_execpath: '/usr/lib/node_modules/pnpm/bin/pnpm.cjs',
    });
    expect(env).toEqual({
      PATH: '/bin',
      npm_config_registry: 'https://npm.example.org/',
      npm_config_cache: '/cache',
    });
  });
});
