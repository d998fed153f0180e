import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Driver } from './driver.js';
import { InfraError } from './errors.js';
import { formatGo, type GoVersion } from './go.js';
import { ensureGoToolchain, machineGoFacts, planGo, toolchainRoot } from './go-toolchain.js';
import { componentPaths } from './paths.js';
import { HOST, type InfraPorts, PORT_ENV, portOpen } from './ports.js';
import { spawnDetached } from './process.js';
import type { Log } from './types.js';

/**
 * Mailpit, a real SMTP server that keeps what it receives and shows it on a web page and a
 * REST API. Built from source by `go install` from the Go module proxy (GitHub's release
 * binaries cannot be fetched here). v1.33.1 is the newest release the proxy serves that was
 * checked to build; the docker-compose image is pinned to the same tag.
 */
export const MAILPIT_MODULE = 'github.com/axllent/mailpit';
export const MAILPIT_VERSION = 'v1.33.1';
/** The `go` line of Mailpit's go.mod at MAILPIT_VERSION. */
export const MAILPIT_MIN_GO: GoVersion = [1, 26, 0];

/** The server's command line (the binary's path first is left to the caller). */
export function mailpitArgs(ports: InfraPorts, databaseFile: string): string[] {
  return [
    '--smtp',
    `${HOST}:${ports.smtp}`,
    '--listen',
    `${HOST}:${ports.mailpit}`,
    // A file, so what was sent is still on the web page after a restart (`down --wipe` clears it).
    '--database',
    databaseFile,
    // It would ask GitHub for a newer release on every start and on every /api/v1/info.
    '--disable-version-check',
    // No reverse DNS lookups of 127.0.0.1 on every SMTP connection.
    '--smtp-disable-rdns',
    // A service configured with SMTP credentials (as in production) is accepted too: any user
    // and password, over the plain connection, and none at all.
    '--smtp-auth-accept-any',
    '--smtp-auth-allow-insecure',
    '--label',
    'overfly',
  ];
}

/**
 * The environment of the server: Mailpit reads MP_* variables as settings, so a developer's
 * own would silently override the command line above; they are left out.
 */
export function mailpitEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('MP_')));
}

/**
 * The environment of `go install`: the binary lands in `binDir`; Go's caches stay in $HOME.
 * `goroot` is given for a toolchain infra fetched, so a GOROOT of the machine's (older) Go
 * cannot point the fetched go command at the wrong standard library.
 */
export function goInstallEnv(
  env: NodeJS.ProcessEnv,
  binDir: string,
  toolchain: 'local' | 'auto',
  goroot?: string,
): NodeJS.ProcessEnv {
  return {
    ...env,
    ...(goroot === undefined ? {} : { GOROOT: goroot }),
    GOBIN: binDir,
    GOTOOLCHAIN: toolchain,
    // Pure Go (its SQLite is modernc.org/sqlite): no C compiler needed, a static binary.
    CGO_ENABLED: '0',
    // module@version needs no workspace, and a caller's -mod=vendor etc. would break it.
    GOWORK: 'off',
    GOFLAGS: '',
  };
}

/** Marks an install as done: written after `go install` succeeded, holds the version. */
const INSTALLED_MARKER = '.overfly-installed';

export function installedVersion(binDir: string): string | null {
  try {
    if (!fs.statSync(path.join(binDir, 'mailpit')).isFile()) return null;
    return fs.readFileSync(path.join(binDir, INSTALLED_MARKER), 'utf8').trim();
  } catch {
    return null;
  }
}

/**
 * The go command the build runs, and how: the machine's Go (`local` or `auto`, see
 * toolchainFor), else the toolchain infra fetched into `<state>/go-toolchain/`.
 */
async function goForBuild(
  stateDir: string,
  log: Log,
): Promise<{ command: string; version: GoVersion; toolchain: 'local' | 'auto'; goroot?: string }> {
  const root = toolchainRoot(stateDir);
  const plan = planGo(MAILPIT_MIN_GO, machineGoFacts(root));
  if (plan.toolchain !== 'fetch') return { ...plan.go, toolchain: plan.toolchain };
  log(`mailpit: ${plan.why}; using Go ${formatGo(plan.source.version)} from the Go module proxy`);
  const fetched = await ensureGoToolchain(root, plan.source, plan.unzipper, log);
  return { ...fetched, toolchain: 'local' };
}

async function goInstall(stateDir: string, binDir: string, log: Log): Promise<void> {
  const go = await goForBuild(stateDir, log);
  const { toolchain } = go;
  const target = `${MAILPIT_MODULE}@${MAILPIT_VERSION}`;
  fs.rmSync(binDir, { recursive: true, force: true });
  fs.mkdirSync(binDir, { recursive: true });
  log(
    `mailpit: building ${target} with ${formatGo(go.version)}` +
      `${go.goroot === undefined ? '' : ` (${go.goroot})`}` +
      `${toolchain === 'auto' ? ` (fetching the ${formatGo(MAILPIT_MIN_GO)} toolchain)` : ''}` +
      ' (first run only; Go caches it in $HOME) ...',
  );
  const started = Date.now();
  let output = '';
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(go.command, ['install', target], {
      env: goInstallEnv(process.env, binDir, toolchain, go.goroot),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Kafka and the registry start at the same time on two cores: the JVMs go first.
    if (child.pid !== undefined) {
      try {
        os.setPriority(child.pid, 10);
      } catch {
        // not allowed: build at normal priority
      }
    }
    const collect = (chunk: Buffer) => {
      output = `${output}${chunk.toString('utf8')}`.slice(-16_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const ticker = setInterval(() => {
      log(`mailpit:   ... still building (${Math.round((Date.now() - started) / 1000)} s)`);
    }, 30_000);
    child.on('error', () => resolve(null));
    child.on('close', (exit) => {
      clearInterval(ticker);
      resolve(exit);
    });
  });
  if (code !== 0) {
    const lastLines = output.trimEnd().split('\n').slice(-20).join('\n');
    throw new InfraError(
      'INFRA_DOWNLOAD_FAILED',
      `go install ${target} exited with ${code}\n${lastLines}`,
    );
  }
  if (!fs.existsSync(path.join(binDir, 'mailpit'))) {
    throw new InfraError(
      'INFRA_DOWNLOAD_FAILED',
      `go install ${target} left no binary in ${binDir}`,
    );
  }
  fs.writeFileSync(path.join(binDir, INSTALLED_MARKER), `${MAILPIT_VERSION}\n`);
  log(`mailpit: built ${target} in ${Math.round((Date.now() - started) / 1000)} s`);
}

export function mailpitDriver(ports: InfraPorts, stateDir: string): Driver {
  const paths = componentPaths('mailpit', stateDir);
  const binDir = path.join(paths.dir, 'bin');
  const binary = path.join(binDir, 'mailpit');
  const dataDir = path.join(paths.dir, 'data');
  const base = `http://${HOST}:${ports.mailpit}`;
  const installed = () => installedVersion(binDir) === MAILPIT_VERSION;

  return {
    component: 'mailpit',
    // The HTTP port is the one `answers()` asks; SMTP is checked with it.
    port: ports.mailpit,
    portEnv: PORT_ENV.mailpit,
    extraPorts: [{ port: ports.smtp, env: PORT_ENV.smtp }],
    paths,
    logFiles: [paths.logFile],
    dataDirs: [dataDir],
    // Needs nothing else that infra runs: it starts alongside postgres → kafka → registry.
    independent: true,
    // The binary's path is inside this state folder.
    isOurs: (cmdline) => cmdline.startsWith(`${binary} `),
    preflight() {
      // Throws INFRA_GO_MISSING only when there is no usable Go and none can be fetched.
      if (!installed()) planGo(MAILPIT_MIN_GO, machineGoFacts(toolchainRoot(stateDir)));
    },
    async prepare(log) {
      if (!installed()) await goInstall(stateDir, binDir, log);
      fs.mkdirSync(dataDir, { recursive: true });
    },
    async spawn() {
      return spawnDetached({
        command: binary,
        args: mailpitArgs(ports, path.join(dataDir, 'mailpit.db')),
        cwd: paths.dir,
        env: mailpitEnv(process.env),
        logFile: paths.logFile,
        pidFile: paths.pidFile,
      });
    },
    async answers() {
      try {
        // The REST API tests use, answering JSON, and the SMTP port open.
        const response = await fetch(`${base}/api/v1/messages?limit=1`, {
          signal: AbortSignal.timeout(2_000),
        });
        const body = (await response.json()) as { messages_count?: unknown };
        return (
          response.status === 200 &&
          typeof body.messages_count === 'number' &&
          (await portOpen(ports.smtp))
        );
      } catch {
        return false;
      }
    },
    async configure() {},
    // A cold first start builds Mailpit (about 2 minutes on two idle cores, longer beside
    // Kafka's start); the deadline counts from the spawn, after the build.
    readyTimeoutMs: 30_000,
    stopSignal: 'SIGTERM',
    stopTimeoutMs: 15_000,
  };
}
