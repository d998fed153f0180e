import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { InfraError } from './errors.js';
import {
  compareGo,
  type FoundGo,
  findGo,
  formatGo,
  GO_OVERRIDE_ENV,
  type GoVersion,
  parseGoVersion,
  toolchainFor,
} from './go.js';
import type { Log } from './types.js';

/**
 * When the machine has no Go able to build Mailpit (none, or one older than 1.21 such as
 * Debian 12's golang-go 1.19), infra fetches this Go release itself, the way the go command's
 * own toolchain switch does: module golang.org/toolchain from the Go module proxy, which
 * machines that cannot reach go.dev still reach. It must be at least MAILPIT_MIN_GO.
 */
export const GO_TOOLCHAIN: GoVersion = [1, 26, 8];

export type GoArch = 'amd64' | 'arm64';

/**
 * SHA-256 of the proxy's zip of golang.org/toolchain@v0.0.1-go1.26.8.linux-<arch>. Taken
 * 2026-12-03 from the very zips `go mod download` fetched and checked against the checksum
 * database (sum.golang.org). A zip that hashes otherwise is refused before it is unpacked.
 */
export const GO_TOOLCHAIN_SHA256: Record<GoArch, string> = {
  amd64: '30c2b1bf7dcc88d3eb0a1364e47ddd9128edb3110a30e8a0ef61cd5856b31de7',
  arm64: '02b36b6787b3ac767668f630e2998df45a3b1f9ffee08d1bf3ef6487cd658d99',
};

const TOOLCHAIN_MODULE = 'golang.org/toolchain';
const DEFAULT_GOPROXY = 'https://proxy.golang.org';

/** Node's process.arch → Go's GOARCH, for the architectures a toolchain zip is pinned for. */
export function goArch(arch: string = process.arch): GoArch | null {
  if (arch === 'x64') return 'amd64';
  if (arch === 'arm64') return 'arm64';
  return null;
}

/** The toolchain as the go command names it, e.g. go1.26.8.linux-amd64. */
const toolchainName = (arch: GoArch) => `${formatGo(GO_TOOLCHAIN)}.linux-${arch}`;

/** Its version of module golang.org/toolchain, e.g. v0.0.1-go1.26.8.linux-amd64. */
const toolchainModuleVersion = (arch: GoArch) => `v0.0.1-${toolchainName(arch)}`;

/**
 * The proxy to fetch from: the first URL in GOPROXY, as the go command would use (a company
 * mirror, say; the pinned checksum still decides), else proxy.golang.org.
 */
export function goProxy(env: NodeJS.ProcessEnv = process.env): string {
  for (const entry of (env.GOPROXY ?? '').split(/[,|]/)) {
    const url = entry.trim();
    if (/^https?:\/\//.test(url)) return url.replace(/\/+$/, '');
  }
  return DEFAULT_GOPROXY;
}

/** Where and what to fetch; the tests substitute a tiny zip served from 127.0.0.1. */
export interface ToolchainSource {
  /** The folder's name under the toolchain root, e.g. go1.26.8.linux-amd64. */
  name: string;
  version: GoVersion;
  url: string;
  sha256: string;
  /** What every entry of the zip starts with, stripped when unpacking. */
  prefix: string;
}

export function toolchainSource(
  arch: GoArch,
  env: NodeJS.ProcessEnv = process.env,
): ToolchainSource {
  const version = toolchainModuleVersion(arch);
  return {
    name: toolchainName(arch),
    version: GO_TOOLCHAIN,
    url: `${goProxy(env)}/${TOOLCHAIN_MODULE}/@v/${version}.zip`,
    sha256: GO_TOOLCHAIN_SHA256[arch],
    prefix: `${TOOLCHAIN_MODULE}@${version}/`,
  };
}

/** What unpacks the zip: Node has no unzip of its own. */
export type Unzipper = 'python3' | 'unzip';

function findUnzipper(): Unzipper | null {
  const candidates: Array<[Unzipper, string[]]> = [
    ['python3', ['-c', 'import zipfile']],
    ['unzip', ['-v']],
  ];
  for (const [command, args] of candidates) {
    const result = spawnSync(command, args, { stdio: 'ignore' });
    if (!result.error && result.status === 0) return command;
  }
  return null;
}

/** Facts about the machine that decide how Mailpit's build gets its Go. */
export interface GoFacts {
  /** findGo(): the machine's go, or null. */
  found: FoundGo | null;
  platform: string;
  arch: string;
  unzipper: Unzipper | null;
  /** A fetched toolchain is unpacked and complete already (no unzipper needed then). */
  fetched: boolean;
  env: NodeJS.ProcessEnv;
}

export type GoPlan =
  | { toolchain: 'local' | 'auto'; go: FoundGo }
  | { toolchain: 'fetch'; why: string; source: ToolchainSource; unzipper: Unzipper | null };

/**
 * The decision: a usable local Go is used (`local`); a Go 1.21+ that is too old switches
 * toolchains by itself (`auto`); otherwise infra fetches its pinned toolchain (`fetch`), and
 * only when it cannot do that either is it INFRA_GO_MISSING, saying why.
 */
export function planGo(required: GoVersion, facts: GoFacts): GoPlan {
  const { found } = facts;
  const toolchain = toolchainFor(found?.version ?? null, required);
  if (found && toolchain !== 'fetch') return { toolchain, go: found };
  const why = found
    ? `${formatGo(found.version)} (${found.command}) is older than ${formatGo(required)} and too old to fetch a newer toolchain itself (Go 1.21+ does)`
    : facts.env[GO_OVERRIDE_ENV] === 'none'
      ? `${GO_OVERRIDE_ENV}=none: any installed Go is ignored`
      : 'no `go` on PATH nor at /usr/local/go/bin/go';
  const arch = goArch(facts.arch);
  let blocker: string | null = null;
  if (facts.platform !== 'linux') {
    blocker = `infra fetches Go toolchains for Linux only, not ${facts.platform}`;
  } else if (arch === null) {
    blocker = `no Go toolchain is pinned for ${facts.arch} (only x64 and arm64)`;
  } else if (compareGo(GO_TOOLCHAIN, required) < 0) {
    blocker = `its pinned ${formatGo(GO_TOOLCHAIN)} is older than the ${formatGo(required)} needed (update GO_TOOLCHAIN in infra/src/go-toolchain.ts)`;
  } else if (!facts.fetched && facts.unzipper === null) {
    blocker = 'neither python3 nor unzip is installed to unpack it (apt-get install python3)';
  }
  if (blocker !== null || arch === null) {
    throw new InfraError(
      'INFRA_GO_MISSING',
      `${why}; and infra cannot fetch a Go toolchain from the Go module proxy itself: ${blocker}`,
    );
  }
  return {
    toolchain: 'fetch',
    why,
    source: toolchainSource(arch, facts.env),
    unzipper: facts.unzipper,
  };
}

/** Marks an unpacked toolchain as complete: written last, holds the zip's SHA-256. */
const COMPLETE_MARKER = '.overfly-complete';

export interface FetchedGo {
  command: string;
  goroot: string;
  version: GoVersion;
}

/** The toolchain unpacked under `root`, when its marker says it is complete; else null. */
function fetchedToolchain(root: string, source: ToolchainSource): FetchedGo | null {
  const goroot = path.join(root, source.name);
  const command = path.join(goroot, 'bin', 'go');
  try {
    if (!fs.statSync(command).isFile()) return null;
    if (fs.readFileSync(path.join(goroot, COMPLETE_MARKER), 'utf8').trim() !== source.sha256) {
      return null;
    }
  } catch {
    return null;
  }
  return { command, goroot, version: source.version };
}

const mb = (bytes: number) => (bytes / 1_000_000).toFixed(1);

export interface DownloadOptions {
  log: Log;
  /** Abort when no bytes arrived for this long. */
  idleTimeoutMs?: number;
  /** Abort when the whole download took longer. */
  timeoutMs?: number;
  /** How often a progress line is logged. */
  progressEveryMs?: number;
}

/**
 * Downloads `url` to `dest` only if its SHA-256 is `sha256`: the bytes go to `<dest>.partial`,
 * hashed on the way, and are renamed to `dest` after the check. Anything else (HTTP error,
 * timeout, mismatch) removes the partial file and is INFRA_DOWNLOAD_FAILED.
 */
export async function downloadVerified(
  url: string,
  dest: string,
  sha256: string,
  opts: DownloadOptions,
): Promise<void> {
  const { log, idleTimeoutMs = 60_000, timeoutMs = 20 * 60_000, progressEveryMs = 5_000 } = opts;
  const partial = `${dest}.partial`;
  fs.rmSync(partial, { force: true });
  const controller = new AbortController();
  let stopped: string | null = null;
  const abort = (why: string) => {
    stopped = why;
    controller.abort(new Error(why));
  };
  let idle: NodeJS.Timeout | undefined;
  const touch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => abort(`no data for ${idleTimeoutMs / 1000} s`), idleTimeoutMs);
  };
  const deadline = setTimeout(() => abort(`not finished after ${timeoutMs / 1000} s`), timeoutMs);
  const started = Date.now();
  const hash = createHash('sha256');
  let received = 0;
  let total = 0;
  const ticker = setInterval(() => {
    const share = total > 0 ? ` of ${mb(total)} MB (${Math.round((received / total) * 100)}%)` : '';
    log(`  ... ${mb(received)} MB${share} after ${Math.round((Date.now() - started) / 1000)} s`);
  }, progressEveryMs);
  try {
    touch();
    const response = await fetch(url, { signal: controller.signal });
    if (!response.ok || !response.body) {
      throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
    }
    total = Number(response.headers.get('content-length')) || 0;
    log(`downloading ${url}${total > 0 ? ` (${mb(total)} MB)` : ''} ...`);
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        touch();
        hash.update(chunk);
        received += chunk.length;
        done(null, chunk);
      },
    });
    await pipeline(
      Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      count,
      fs.createWriteStream(partial),
      { signal: controller.signal },
    );
  } catch (error) {
    fs.rmSync(partial, { force: true });
    const reason = stopped ?? (error instanceof Error ? error.message : String(error));
    throw new InfraError('INFRA_DOWNLOAD_FAILED', `${url}: ${reason}`, { cause: error });
  } finally {
    clearTimeout(idle);
    clearTimeout(deadline);
    clearInterval(ticker);
  }
  const actual = hash.digest('hex');
  if (actual !== sha256) {
    fs.rmSync(partial, { force: true });
    throw new InfraError(
      'INFRA_DOWNLOAD_FAILED',
      `SHA-256 mismatch for ${url}: got ${actual}, pinned ${sha256}; the download was discarded, nothing was unpacked`,
    );
  }
  fs.renameSync(partial, dest);
  log(`downloaded ${mb(received)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Runs a command to its end; its exit code and the tail of what it printed. */
function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (chunk: Buffer) => {
      output = `${output}${chunk.toString('utf8')}`.slice(-8_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => resolve({ code: null, output: error.message }));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/**
 * Unpacks with Python's zipfile, stripping `prefix` from every entry. An entry outside the
 * prefix, or one that would land outside `dest`, stops it. Python's zipfile keeps no modes.
 */
const PYTHON_UNZIP = `
import os, shutil, sys, zipfile
archive, dest, prefix = sys.argv[1:4]
root = os.path.realpath(dest)
with zipfile.ZipFile(archive) as z:
    for info in z.infolist():
        if not info.filename.startswith(prefix):
            sys.exit("entry %r is not under %r" % (info.filename, prefix))
        rel = info.filename[len(prefix):]
        target = os.path.realpath(os.path.join(root, rel))
        if target != root and not target.startswith(root + os.sep):
            sys.exit("entry %r would land outside %s" % (info.filename, root))
        if info.is_dir():
            os.makedirs(target, exist_ok=True)
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with z.open(info) as src, open(target, "wb") as out:
            shutil.copyfileobj(src, out, 1 << 20)
`;

/**
 * Unpacks `zip` into `dest` (created; must not exist), stripping `prefix` from every entry,
 * with python3 or else unzip.
 */
export async function unpackZip(
  zip: string,
  dest: string,
  prefix: string,
  unzipper: Unzipper,
): Promise<void> {
  const fail = (detail: string) =>
    new InfraError('INFRA_DOWNLOAD_FAILED', `unpacking ${zip} with ${unzipper}: ${detail}`);
  if (unzipper === 'python3') {
    fs.mkdirSync(dest, { recursive: true });
    const { code, output } = await run('python3', ['-c', PYTHON_UNZIP, zip, dest, prefix]);
    if (code !== 0) throw fail(`exited with ${code}\n${output.trimEnd()}`);
    return;
  }
  // unzip cannot strip a prefix: unpack next to dest, check that everything sits under the
  // prefix, and move that folder into place. (unzip itself refuses ../ and absolute names.)
  const scratch = `${dest}.unzip`;
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(scratch, { recursive: true });
  try {
    const { code, output } = await run('unzip', ['-q', '-o', zip, '-d', scratch]);
    if (code !== 0) throw fail(`exited with ${code}\n${output.trimEnd()}`);
    let level = scratch;
    for (const part of prefix.split('/').filter(Boolean)) {
      const entries = fs.readdirSync(level);
      if (entries.length !== 1 || entries[0] !== part) {
        throw fail(`expected every entry under ${prefix}, found ${entries.join(', ')} in ${level}`);
      }
      level = path.join(level, part);
    }
    fs.renameSync(level, dest);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Adds the execute bits to the files under `dir` (whose name matches `pattern`, if given). */
function allowExecUnder(dir: string, pattern?: RegExp): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) allowExecUnder(file, pattern);
    else if (entry.isFile() && (!pattern || pattern.test(entry.name))) {
      fs.chmodSync(file, (fs.statSync(file).mode & 0o777) | 0o111);
    }
  }
}

/**
 * Zip entries carry no modes that survive unpacking: set the execute bits as the go command
 * does after fetching a toolchain (cmd/go/internal/toolchain): everything under pkg/tool,
 * lib's go_*_*_exec wrappers, and bin/ (gofmt and go). pkg/tool before bin/go, as it does.
 */
export function allowExec(goroot: string): void {
  allowExecUnder(path.join(goroot, 'pkg', 'tool'));
  allowExecUnder(path.join(goroot, 'lib'), /^go_.+_.+_exec$/);
  allowExecUnder(path.join(goroot, 'bin'));
}

/**
 * The fetched toolchain, fetching and unpacking it first when `root` has no complete one:
 * download (verified, see downloadVerified) → unpack into `<root>/<name>/` → execute bits →
 * `bin/go version` must name the pinned release → marker, written last. A verified zip left
 * by an interrupted run is reused; it is deleted once the marker is written.
 */
export async function ensureGoToolchain(
  root: string,
  source: ToolchainSource,
  unzipper: Unzipper | null,
  log: Log,
  download: Omit<DownloadOptions, 'log'> = {},
): Promise<FetchedGo> {
  const done = fetchedToolchain(root, source);
  if (done) return done;
  if (unzipper === null) {
    throw new InfraError('INFRA_GO_MISSING', 'neither python3 nor unzip is installed to unpack it');
  }
  const started = Date.now();
  fs.mkdirSync(root, { recursive: true });
  const zip = path.join(root, `${source.name}.zip`);
  // Other releases (an older pin) and half-unpacked folders go; a verified zip may stay.
  for (const entry of fs.readdirSync(root)) {
    if (entry !== path.basename(zip)) {
      fs.rmSync(path.join(root, entry), { recursive: true, force: true });
    }
  }
  if (fs.existsSync(zip) && (await sha256File(zip)) === source.sha256) {
    log(`go toolchain: reusing the verified ${zip}`);
  } else {
    fs.rmSync(zip, { force: true });
    log(`go toolchain: fetching ${source.name} from the Go module proxy (first run only) ...`);
    await downloadVerified(source.url, zip, source.sha256, {
      ...download,
      log: (line) => log(`go toolchain: ${line}`),
    });
  }
  const downloaded = Date.now();
  const goroot = path.join(root, source.name);
  await unpackZip(zip, goroot, source.prefix, unzipper);
  allowExec(goroot);
  const command = path.join(goroot, 'bin', 'go');
  const { code, output } = await run(command, ['version'], {
    ...process.env,
    GOROOT: goroot,
    GOTOOLCHAIN: 'local',
  });
  const version = parseGoVersion(output);
  if (code !== 0 || !version || compareGo(version, source.version) !== 0) {
    throw new InfraError(
      'INFRA_DOWNLOAD_FAILED',
      `${command} version did not report ${formatGo(source.version)} (exit ${code}): ${output.trim()}`,
    );
  }
  fs.writeFileSync(path.join(goroot, COMPLETE_MARKER), `${source.sha256}\n`);
  fs.rmSync(zip, { force: true });
  log(
    `go toolchain: ${source.name} ready in ${goroot} ` +
      `(download ${((downloaded - started) / 1000).toFixed(1)} s, ` +
      `unpack ${((Date.now() - downloaded) / 1000).toFixed(1)} s)`,
  );
  return { command, goroot, version };
}

/** Where fetched toolchains live: `<state>/go-toolchain/`, beside the components (kept by --wipe). */
export const toolchainRoot = (stateDir: string) => path.join(stateDir, 'go-toolchain');

/** GoFacts of this machine. */
export function machineGoFacts(root: string, env: NodeJS.ProcessEnv = process.env): GoFacts {
  const found = findGo(env);
  const arch = goArch(process.arch);
  return {
    found,
    platform: process.platform,
    arch: process.arch,
    unzipper: findUnzipper(),
    fetched: arch !== null && fetchedToolchain(root, toolchainSource(arch, env)) !== null,
    env,
  };
}
