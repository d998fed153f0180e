import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InfraError } from './errors.js';
import { compareGo, type FoundGo } from './go.js';
import {
  allowExec,
  downloadVerified,
  ensureGoToolchain,
  GO_TOOLCHAIN,
  GO_TOOLCHAIN_SHA256,
  type GoFacts,
  goArch,
  goProxy,
  planGo,
  type ToolchainSource,
  toolchainSource,
  unpackZip,
} from './go-toolchain.js';
import { MAILPIT_MIN_GO } from './mailpit-build.js';

const PREFIX = 'golang.org/toolchain@v0.0.1-go1.26.8.linux-amd64/';
const FAKE_GO = '#!/bin/sh\necho "go version go1.26.8 linux/amd64"\n';

/** A toolchain-shaped zip whose entries carry no modes, as the proxy's zips unpack. */
function buildZip(file: string, entries: Record<string, string>): void {
  const script = `
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name, text in json.loads(sys.argv[2]).items():
        info = zipfile.ZipInfo(name)
        info.external_attr = 0
        z.writestr(info, text)
`;
  const result = spawnSync('python3', ['-c', script, file, JSON.stringify(entries)], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`building ${file}: ${result.stderr}`);
}

const toolchainEntries = (prefix = PREFIX) => ({
  [`${prefix}bin/go`]: FAKE_GO,
  [`${prefix}bin/gofmt`]: '#!/bin/sh\n',
  [`${prefix}pkg/tool/linux_amd64/compile`]: 'elf',
  [`${prefix}pkg/tool/linux_amd64/link`]: 'elf',
  [`${prefix}lib/wasm/go_js_wasm_exec`]: '#!/bin/sh\n',
  [`${prefix}lib/time/update.bash`]: '#!/bin/sh\n',
  [`${prefix}src/fmt/print.go`]: 'package fmt\n',
  [`${prefix}VERSION`]: 'go1.26.8\n',
});

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const executable = (file: string) => (fs.statSync(file).mode & 0o111) === 0o111;

const hasUnzip = spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0;

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'go-toolchain-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('which toolchain is fetched, and from where', () => {
  it("maps Node's process.arch to Go's GOARCH, for the two pinned ones", () => {
    expect(goArch('x64')).toBe('amd64');
    expect(goArch('arm64')).toBe('arm64');
    expect(goArch('ia32')).toBeNull();
    expect(goArch('ppc64')).toBeNull();
  });

  it('asks the module proxy for golang.org/toolchain, as the go command does', () => {
    expect(toolchainSource('amd64', {})).toEqual({
      name: 'go1.26.8.linux-amd64',
      version: [1, 26, 8],
      url: 'https://proxy.golang.org/golang.org/toolchain/@v/v0.0.1-go1.26.8.linux-amd64.zip',
      sha256: GO_TOOLCHAIN_SHA256.amd64,
      prefix: 'golang.org/toolchain@v0.0.1-go1.26.8.linux-amd64/',
    });
    expect(toolchainSource('arm64', {}).url).toBe(
      'https://proxy.golang.org/golang.org/toolchain/@v/v0.0.1-go1.26.8.linux-arm64.zip',
    );
    expect(toolchainSource('arm64', {}).sha256).toBe(GO_TOOLCHAIN_SHA256.arm64);
  });

  it("uses GOPROXY's first URL (a mirror), else proxy.golang.org", () => {
    expect(goProxy({ GOPROXY: 'https://goproxy.example/,direct' })).toBe('https://goproxy.example');
    expect(goProxy({ GOPROXY: 'direct' })).toBe('https://proxy.golang.org');
    expect(goProxy({ GOPROXY: 'off' })).toBe('https://proxy.golang.org');
    expect(goProxy({})).toBe('https://proxy.golang.org');
  });

  it('pins one SHA-256 per architecture and a release new enough for Mailpit', () => {
    for (const sum of Object.values(GO_TOOLCHAIN_SHA256)) expect(sum).toMatch(/^[0-9a-f]{64}$/);
    expect(GO_TOOLCHAIN_SHA256.amd64).not.toBe(GO_TOOLCHAIN_SHA256.arm64);
    expect(compareGo(GO_TOOLCHAIN, MAILPIT_MIN_GO)).toBeGreaterThanOrEqual(0);
  });
});

describe('planGo: which Go builds Mailpit', () => {
  const needs = MAILPIT_MIN_GO;
  const go = (version: FoundGo['version']): FoundGo => ({ command: 'go', version });
  const facts = (over: Partial<GoFacts>): GoFacts => ({
    found: null,
    platform: 'linux',
    arch: 'x64',
    unzipper: 'python3',
    fetched: false,
    env: {},
    ...over,
  });
  const refusal = (over: Partial<GoFacts>, required = needs) => {
    try {
      planGo(required, facts(over));
    } catch (error) {
      expect(error).toBeInstanceOf(InfraError);
      expect(error).toMatchObject({ code: 'INFRA_GO_MISSING' });
      return (error as Error).message;
    }
    throw new Error('planGo did not refuse');
  };

  it('a new enough local Go → local; a 1.21+ one → auto (the go command switches)', () => {
    expect(planGo(needs, facts({ found: go([1, 26, 8]) }))).toEqual({
      toolchain: 'local',
      go: go([1, 26, 8]),
    });
    expect(planGo(needs, facts({ found: go([1, 22, 0]) })).toolchain).toBe('auto');
  });

  it('no Go, a Go before 1.21, or OVERFLY_GO=none → the fetched toolchain', () => {
    const none = planGo(needs, facts({}));
    expect(none).toMatchObject({ toolchain: 'fetch', unzipper: 'python3' });
    expect(none.toolchain === 'fetch' && none.source.url).toContain('linux-amd64.zip');
    expect(none.toolchain === 'fetch' && none.why).toContain('no `go` on PATH');
    const old = planGo(needs, facts({ found: go([1, 19, 8]), arch: 'arm64' }));
    expect(old.toolchain === 'fetch' && old.why).toContain('go1.19.8');
    expect(old.toolchain === 'fetch' && old.source.name).toBe('go1.26.8.linux-arm64');
    const ignored = planGo(needs, facts({ env: { OVERFLY_GO: 'none' } }));
    expect(ignored.toolchain === 'fetch' && ignored.why).toContain('OVERFLY_GO=none');
  });

  it('needs no unzipper when the toolchain is unpacked already', () => {
    expect(planGo(needs, facts({ unzipper: null, fetched: true })).toolchain).toBe('fetch');
  });

  it('INFRA_GO_MISSING only when fetching is impossible too, saying why', () => {
    expect(refusal({ unzipper: null })).toMatch(/no `go` on PATH.*python3 nor unzip/);
    expect(refusal({ platform: 'darwin' })).toContain('Linux only');
    expect(refusal({ arch: 'ia32', found: go([1, 19, 8]) })).toMatch(/go1\.19\.8.*ia32/);
    expect(refusal({}, [1, 99, 0])).toContain('older than the go1.99.0 needed');
  });
});

describe('unpacking', () => {
  const unzippers = ['python3', ...(hasUnzip ? ['unzip' as const] : [])] as const;

  for (const unzipper of unzippers) {
    it(`strips the module prefix and sets the execute bits as the go command does (${unzipper})`, async () => {
      const zip = path.join(tmp, `tiny-${unzipper}.zip`);
      buildZip(zip, toolchainEntries());
      const goroot = path.join(tmp, `goroot-${unzipper}`);
      await unpackZip(zip, goroot, PREFIX, unzipper);
      expect(fs.existsSync(path.join(goroot, 'golang.org'))).toBe(false);
      expect(fs.readFileSync(path.join(goroot, 'VERSION'), 'utf8')).toBe('go1.26.8\n');
      for (const file of ['bin/go', 'pkg/tool/linux_amd64/compile']) {
        fs.chmodSync(path.join(goroot, file), 0o644);
      }
      allowExec(goroot);
      for (const file of [
        'bin/go',
        'bin/gofmt',
        'pkg/tool/linux_amd64/compile',
        'pkg/tool/linux_amd64/link',
        'lib/wasm/go_js_wasm_exec',
      ]) {
        expect(executable(path.join(goroot, file)), file).toBe(true);
      }
      expect(fs.statSync(path.join(goroot, 'src/fmt/print.go')).mode & 0o111).toBe(0);
      expect(fs.statSync(path.join(goroot, 'lib/time/update.bash')).mode & 0o111).toBe(0);
    });

    it(`refuses an entry outside the prefix (${unzipper})`, async () => {
      const zip = path.join(tmp, `stray-${unzipper}.zip`);
      buildZip(zip, { ...toolchainEntries(), 'elsewhere/bin/go': FAKE_GO });
      await expect(
        unpackZip(zip, path.join(tmp, `stray-${unzipper}`), PREFIX, unzipper),
      ).rejects.toMatchObject({ code: 'INFRA_DOWNLOAD_FAILED' });
    });
  }

  it('refuses an entry that would land outside the folder', async () => {
    const zip = path.join(tmp, 'slip.zip');
    buildZip(zip, { [`${PREFIX}../../escaped`]: 'x' });
    const dest = path.join(tmp, 'slip', 'goroot');
    await expect(unpackZip(zip, dest, PREFIX, 'python3')).rejects.toThrow(/outside/);
    expect(fs.existsSync(path.join(tmp, 'escaped'))).toBe(false);
  });
});

describe('downloading and fetching', () => {
  let server: http.Server;
  let base: string;
  const files = new Map<string, string>();
  let requests = 0;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      requests += 1;
      if (request.url === '/stall') {
        response.writeHead(200, { 'content-length': '1000' });
        response.write('x');
        return; // and nothing more
      }
      const file = files.get(request.url ?? '');
      if (!file) {
        response.writeHead(404).end('not found');
        return;
      }
      response.writeHead(200, { 'content-length': String(fs.statSync(file).size) });
      fs.createReadStream(file).pipe(response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  afterEach(() => {
    requests = 0;
  });

  const lines: string[] = [];
  const log = (line: string) => lines.push(line);

  it('keeps a download whose SHA-256 is the pinned one, and renames it into place', async () => {
    const zip = path.join(tmp, 'served.zip');
    buildZip(zip, toolchainEntries());
    files.set('/ok.zip', zip);
    const dest = path.join(tmp, 'dl-ok.zip');
    await downloadVerified(`${base}/ok.zip`, dest, sha256(zip), { log });
    expect(sha256(dest)).toBe(sha256(zip));
    expect(fs.existsSync(`${dest}.partial`)).toBe(false);
  });

  it('refuses a download whose SHA-256 differs, leaving nothing behind', async () => {
    const dest = path.join(tmp, 'dl-bad.zip');
    const error = await downloadVerified(`${base}/ok.zip`, dest, '0'.repeat(64), { log }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InfraError);
    expect(error).toMatchObject({ code: 'INFRA_DOWNLOAD_FAILED' });
    expect((error as Error).message).toMatch(/SHA-256 mismatch/);
    expect(fs.existsSync(dest)).toBe(false);
    expect(fs.existsSync(`${dest}.partial`)).toBe(false);
  });

  it('fails on an HTTP error and on a stalled transfer, leaving no partial file', async () => {
    const dest = path.join(tmp, 'dl-fail.zip');
    await expect(
      downloadVerified(`${base}/missing.zip`, dest, '0'.repeat(64), { log }),
    ).rejects.toThrow(/HTTP 404/);
    await expect(
      downloadVerified(`${base}/stall`, dest, '0'.repeat(64), { log, idleTimeoutMs: 300 }),
    ).rejects.toThrow(/no data for 0.3 s/);
    expect(fs.existsSync(`${dest}.partial`)).toBe(false);
    expect(fs.existsSync(dest)).toBe(false);
  });

  const source = (zip: string, urlPath: string, sum = sha256(zip)): ToolchainSource => ({
    name: 'go1.26.8.linux-amd64',
    version: [1, 26, 8],
    url: `${base}${urlPath}`,
    sha256: sum,
    prefix: PREFIX,
  });

  it('fetches, unpacks, checks `go version`, marks it complete, then reuses it offline', async () => {
    const zip = path.join(tmp, 'toolchain.zip');
    buildZip(zip, toolchainEntries());
    files.set('/toolchain.zip', zip);
    const root = path.join(tmp, 'state', 'go-toolchain');
    // Leftovers of an older pin and of an interrupted unpack are cleared.
    fs.mkdirSync(path.join(root, 'go1.25.0.linux-amd64'), { recursive: true });
    fs.mkdirSync(path.join(root, 'go1.26.8.linux-amd64', 'src'), { recursive: true });
    const fetched = await ensureGoToolchain(root, source(zip, '/toolchain.zip'), 'python3', log);
    expect(fetched).toEqual({
      command: path.join(root, 'go1.26.8.linux-amd64', 'bin', 'go'),
      goroot: path.join(root, 'go1.26.8.linux-amd64'),
      version: [1, 26, 8],
    });
    expect(requests).toBe(1);
    expect(fs.readdirSync(root)).toEqual(['go1.26.8.linux-amd64']);
    expect(executable(fetched.command)).toBe(true);
    expect(fs.readFileSync(path.join(fetched.goroot, '.overfly-complete'), 'utf8').trim()).toBe(
      sha256(zip),
    );
    // Complete: no request, even with no unzipper.
    expect(await ensureGoToolchain(root, source(zip, '/gone.zip'), null, log)).toEqual(fetched);
    expect(requests).toBe(1);
  });

  it('unpacks nothing when the checksum does not match', async () => {
    const zip = path.join(tmp, 'toolchain.zip');
    const root = path.join(tmp, 'state-bad', 'go-toolchain');
    await expect(
      ensureGoToolchain(root, source(zip, '/toolchain.zip', 'f'.repeat(64)), 'python3', log),
    ).rejects.toThrow(/SHA-256 mismatch/);
    expect(fs.readdirSync(root)).toEqual([]);
  });

  it('refuses a toolchain whose go does not report the pinned release, and marks nothing', async () => {
    const zip = path.join(tmp, 'wrong-release.zip');
    buildZip(zip, {
      ...toolchainEntries(),
      [`${PREFIX}bin/go`]: '#!/bin/sh\necho "go version go1.25.0 linux/amd64"\n',
    });
    files.set('/wrong-release.zip', zip);
    const root = path.join(tmp, 'state-wrong', 'go-toolchain');
    await expect(
      ensureGoToolchain(root, source(zip, '/wrong-release.zip'), 'python3', log),
    ).rejects.toThrow(/did not report go1\.26\.8/);
    expect(fs.existsSync(path.join(root, 'go1.26.8.linux-amd64', '.overfly-complete'))).toBe(false);
  });
});
