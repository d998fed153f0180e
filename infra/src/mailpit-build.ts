import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InfraError } from './errors.js';
import { formatGo, type GoVersion } from './go.js';
import { ensureGoToolchain, machineGoFacts, planGo, toolchainRoot } from './go-toolchain.js';
import { infraSourceDir } from './paths.js';
import type { Log } from './types.js';

/**
 * Mailpit built from source: its module from the Go module proxy (GitHub's release binaries
 * cannot be fetched here), its web page built with npm and esbuild as Mailpit's own release
 * does, then `go build`, which embeds the page (server/ui/dist) into the binary.
 * v1.33.1 is the newest release the proxy serves that was checked to build; the
 * docker-compose image is pinned to the same tag.
 */
export const MAILPIT_MODULE = 'github.com/axllent/mailpit';
export const MAILPIT_VERSION = 'v1.33.1';
/** The `go` line of Mailpit's go.mod at MAILPIT_VERSION. */
export const MAILPIT_MIN_GO: GoVersion = [1, 26, 0];

/**
 * What builds the web page: Mailpit's package.json cut to the UI build and pinned to versions
 * the npm registry serves (upstream's lock names two it does not), with its lock. Its
 * `mailpitVersion` must be MAILPIT_VERSION (a unit test checks): a new pin needs a new look.
 */
export const MAILPIT_UI_PACKAGE_DIR = path.join(infraSourceDir, 'mailpit-ui');

/**
 * The marker `<bin>/.overfly-installed`, written after a build: the version, and whether the
 * web page is in the binary. A marker with the bare version is from before the page was
 * built (`go install`): such a binary is rebuilt once.
 */
export const BUILT_WITH_UI = `${MAILPIT_VERSION} web-ui`;
export const BUILT_WITHOUT_UI = `${MAILPIT_VERSION} no-web-ui`;
const INSTALLED_MARKER = '.overfly-installed';

export type MailpitBuild = 'missing' | 'with-ui' | 'without-ui';

/** The marker's text when the binary is there too; null otherwise. */
export function installedMarker(binDir: string): string | null {
  try {
    if (!fs.statSync(path.join(binDir, 'mailpit')).isFile()) return null;
    return fs.readFileSync(path.join(binDir, INSTALLED_MARKER), 'utf8').trim();
  } catch {
    return null;
  }
}

/** Whether the binary in `binDir` can be used as it is, and with or without its web page. */
export function installedBuild(binDir: string): MailpitBuild {
  const marker = installedMarker(binDir);
  if (marker === BUILT_WITH_UI) return 'with-ui';
  if (marker === BUILT_WITHOUT_UI) return 'without-ui';
  return 'missing';
}

/**
 * The environment of the go commands. `goroot` is given for a toolchain infra fetched, so a
 * GOROOT of the machine's (older) Go cannot point the fetched go command at the wrong
 * standard library. Go's caches stay in $HOME.
 *
 * `auto` (a Go 1.21-1.25) names the toolchain to switch to: with plain `auto`, `go mod
 * download` of the module would switch to the newest Go 1.26 patch release and the `go build`
 * in its copy to go.mod's go1.26.0, fetching two toolchains of 72 MB.
 */
export function goBuildEnv(
  env: NodeJS.ProcessEnv,
  toolchain: 'local' | 'auto',
  goroot?: string,
): NodeJS.ProcessEnv {
  return {
    ...env,
    ...(goroot === undefined ? {} : { GOROOT: goroot }),
    GOTOOLCHAIN: toolchain === 'auto' ? `${formatGo(MAILPIT_MIN_GO)}+auto` : 'local',
    // Pure Go (its SQLite is modernc.org/sqlite): no C compiler needed, a static binary.
    CGO_ENABLED: '0',
    // The copy is a module of its own; a caller's workspace or -mod=vendor etc. would break it.
    GOWORK: 'off',
    GOFLAGS: '',
  };
}

/**
 * `go build` in the module's copy, as Mailpit's Dockerfile builds it: stripped, and with the
 * version set (`mailpit version` and the page show it; a plain build says "dev"). No VCS
 * stamping: the copy sits inside this project's git checkout, which is not Mailpit's history.
 */
export function goBuildArgs(output: string): string[] {
  return [
    'build',
    '-buildvcs=false',
    '-ldflags',
    `-s -w -X ${MAILPIT_MODULE}/config.Version=${MAILPIT_VERSION}`,
    '-o',
    output,
    '.',
  ];
}

/** `npm ci` of MAILPIT_UI_PACKAGE_DIR's lock, whatever the user's npm config says. */
export const NPM_CI_ARGS = [
  'ci',
  // Its lock was made without auto-installed peers (esbuild-sass-plugin's sass-embedded).
  '--legacy-peer-deps',
  // Nothing needs an install script (esbuild finds its binary in @esbuild/<platform>).
  '--ignore-scripts',
  '--include=optional',
  // Some build-only dependencies of vue-router ask for Node 22 and are never run here; and
  // pnpm passes this repository's engine-strict=true on to npm as npm_config_engine_strict.
  '--engine-strict=false',
  '--no-audit',
  '--no-fund',
];

/**
 * The environment of npm: the user's npm_config_* (registry, proxy, cafile, cache) stay, but
 * what pnpm adds when infra runs from a pnpm script goes: its lifecycle and package variables,
 * and settings of its own (from this repository's .npmrc too) that npm does not know and
 * warns about. (The repository's engine-strict=true is overridden by NPM_CI_ARGS.)
 */
export function npmEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const pnpmOnly = new Set([
    'npm_config_auto_install_peers',
    'npm_config_frozen_lockfile',
    'npm_config_user_agent',
  ]);
  return Object.fromEntries(
    Object.entries(env).filter(
      ([name]) =>
        !(name.startsWith('npm_') && (!name.startsWith('npm_config_') || pnpmOnly.has(name))),
    ),
  );
}

/** The npm of the running Node when it sits beside it (as Node's installs put it), else PATH's. */
function npmCommand(): string {
  const beside = path.join(path.dirname(process.execPath), 'npm');
  return fs.existsSync(beside) ? beside : 'npm';
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

interface StepResult {
  code: number | null;
  stdout: string;
  /** The last lines of stdout and stderr together, for an error message. */
  tail: string;
}

/**
 * Runs one build step at a lower CPU priority (Kafka and the registry start at the same time
 * on two cores: the JVMs go first). Its command line and everything it printed are appended
 * to the build log when it ends (steps that run side by side do not interleave there). A step
 * still running after `timeoutMs` is killed.
 */
function runStep(
  label: string,
  command: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; buildLog: string; log: Log; timeoutMs?: number },
): Promise<StepResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    let stdout = '';
    let all = '';
    const keep = (text: string, more: string) => `${text}${more}`.slice(-1_000_000);
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid !== undefined) {
      try {
        os.setPriority(child.pid, 10);
      } catch {
        // not allowed: build at normal priority
      }
    }
    child.stdout.on('data', (chunk: Buffer) => {
      stdout = keep(stdout, chunk.toString('utf8'));
      all = keep(all, chunk.toString('utf8'));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      all = keep(all, chunk.toString('utf8'));
    });
    const ticker = setInterval(() => {
      opts.log(`mailpit:   ... still ${label} (${Math.round((Date.now() - started) / 1000)} s)`);
    }, 30_000);
    let killed = false;
    const deadline =
      opts.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            killed = true;
            child.kill('SIGKILL');
          }, opts.timeoutMs);
    let finished = false;
    const finish = (code: number | null, extra = '') => {
      if (finished) return;
      finished = true;
      clearInterval(ticker);
      clearTimeout(deadline);
      const note = killed ? `\n(killed after ${(opts.timeoutMs ?? 0) / 1000} s)` : extra;
      const took = ((Date.now() - started) / 1000).toFixed(1);
      fs.appendFileSync(
        opts.buildLog,
        `\n$ (cd ${opts.cwd} && ${command} ${args.join(' ')})\n${all}${note}\n(exit ${code} after ${took} s)\n`,
      );
      const tail = `${all}${note}`.trimEnd().split('\n').slice(-20).join('\n');
      resolve({ code, stdout, tail });
    };
    child.on('error', (error) => finish(null, `\n${error.message}`));
    child.on('close', (code) => finish(code));
  });
}

/** Copies the module cache's read-only tree into `dest`, writable (so it can be deleted). */
function copyWritable(source: string, dest: string): void {
  fs.cpSync(source, dest, { recursive: true });
  const allowWrite = (dir: string) => {
    fs.chmodSync(dir, 0o755);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) allowWrite(file);
      else if (entry.isFile()) fs.chmodSync(file, (fs.statSync(file).mode & 0o777) | 0o200);
    }
  };
  allowWrite(dest);
}

/** Where in the copy esbuild puts the page; `go build` embeds server/ui. */
const UI_DIST = path.join('server', 'ui', 'dist');
const UI_FILES = ['app.js', 'app.css'];

/** A step of the web page's build: null when it went well. */
type UiStep = InfraError | null;

/** Runs one step of the web page's build; an INFRA_MAILPIT_UI_FAILED error when it fails. */
async function uiStep(
  label: string,
  command: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; buildLog: string; log: Log },
): Promise<UiStep> {
  const result = await runStep(label, command, args, { ...opts, timeoutMs: 10 * 60_000 });
  if (result.code !== 0) {
    return new InfraError(
      'INFRA_MAILPIT_UI_FAILED',
      `${path.basename(command)} ${args[0]} exited with ${result.code} (full output: ${opts.buildLog})\n${result.tail}`,
    );
  }
  return null;
}

/** `npm ci` of infra's pinned UI packages (MAILPIT_UI_PACKAGE_DIR) in the module's copy. */
function installUi(src: string, buildLog: string, log: Log): Promise<UiStep> {
  for (const file of ['package.json', 'package-lock.json']) {
    fs.copyFileSync(path.join(MAILPIT_UI_PACKAGE_DIR, file), path.join(src, file));
  }
  return uiStep('installing npm packages for the web page', npmCommand(), NPM_CI_ARGS, {
    cwd: src,
    env: npmEnv(process.env),
    buildLog,
    log,
  });
}

/** Mailpit's esbuild config with MINIFY=true (its `npm run package`): <src>/server/ui/dist. */
async function bundleUi(src: string, buildLog: string, log: Log): Promise<UiStep> {
  const result = await uiStep('bundling the web page', process.execPath, ['esbuild.config.mjs'], {
    cwd: src,
    env: { ...npmEnv(process.env), MINIFY: 'true', WATCH: '' },
    buildLog,
    log,
  });
  if (result !== null) return result;
  const missing = UI_FILES.filter((file) => !fs.existsSync(path.join(src, UI_DIST, file)));
  if (missing.length > 0) {
    return new InfraError(
      'INFRA_MAILPIT_UI_FAILED',
      `esbuild left no ${missing.join(', ')} in ${path.join(src, UI_DIST)} (full output: ${buildLog})`,
    );
  }
  return result;
}

/** How to get the page once a build without it is there. */
export function retryUiHint(binDir: string): string {
  return `to build it again: pnpm infra:down mailpit && rm -r ${binDir} && pnpm infra:up`;
}

/**
 * Builds Mailpit into `<binDir>/mailpit` in `<componentDir>/build` (deleted after success),
 * writing every step's output to `<componentDir>/build.log`. Without the web page when its
 * npm build fails (a warning says so and why): SMTP and the REST API work all the same.
 */
export async function buildMailpit(
  stateDir: string,
  componentDir: string,
  binDir: string,
  log: Log,
): Promise<MailpitBuild> {
  const go = await goForBuild(stateDir, log);
  const env = goBuildEnv(process.env, go.toolchain, go.goroot);
  const target = `${MAILPIT_MODULE}@${MAILPIT_VERSION}`;
  const src = path.join(componentDir, 'build');
  const buildLog = path.join(componentDir, 'build.log');
  fs.rmSync(binDir, { recursive: true, force: true });
  fs.rmSync(src, { recursive: true, force: true });
  fs.mkdirSync(binDir, { recursive: true });
  fs.writeFileSync(buildLog, `building ${target} on ${new Date().toISOString()}\n`);
  log(
    `mailpit: building ${target} with its web page, ${formatGo(go.version)}` +
      `${go.goroot === undefined ? '' : ` (${go.goroot})`}` +
      `${go.toolchain === 'auto' ? ` (fetching the ${formatGo(MAILPIT_MIN_GO)} toolchain)` : ''}` +
      ` and npm (first run only; Go and npm cache in $HOME; log: ${buildLog}) ...`,
  );
  const started = Date.now();

  const download = await runStep('downloading', go.command, ['mod', 'download', '-json', target], {
    cwd: componentDir,
    env,
    buildLog,
    log,
  });
  let moduleDir: string | undefined;
  try {
    moduleDir = (JSON.parse(download.stdout) as { Dir?: string }).Dir;
  } catch {
    moduleDir = undefined;
  }
  if (download.code !== 0 || moduleDir === undefined || !fs.existsSync(moduleDir)) {
    throw new InfraError(
      'INFRA_DOWNLOAD_FAILED',
      `go mod download ${target} exited with ${download.code}\n${download.tail}`,
    );
  }
  copyWritable(moduleDir, src);

  // npm's install (mostly network and disk) runs beside a first compile without the page,
  // which fills Go's build cache: on a cold machine the last `go build` then only recompiles
  // the package that embeds the page, and links. Its outcome does not matter.
  const [installed] = await Promise.all([
    installUi(src, buildLog, log),
    runStep('compiling', go.command, goBuildArgs(os.devNull), {
      cwd: src,
      env,
      buildLog,
      log,
    }),
  ]);
  const ui = installed ?? (await bundleUi(src, buildLog, log));
  if (ui !== null) {
    fs.rmSync(path.join(src, UI_DIST), { recursive: true, force: true });
    log(`mailpit: WARNING ${ui.code}: ${ui.message}`);
    log(`mailpit: its web page will stay blank; ${retryUiHint(binDir)}`);
  } else {
    log(
      `mailpit: web page built (npm ci and esbuild) after ${Math.round((Date.now() - started) / 1000)} s`,
    );
  }

  const binary = path.join(binDir, 'mailpit');
  const build = await runStep('compiling', go.command, goBuildArgs(binary), {
    cwd: src,
    env,
    buildLog,
    log,
  });
  if (build.code !== 0 || !fs.existsSync(binary)) {
    throw new InfraError(
      'INFRA_DOWNLOAD_FAILED',
      `go build of ${target} ${build.code === 0 ? 'left no binary' : `exited with ${build.code}`} (full output: ${buildLog})\n${build.tail}`,
    );
  }
  const result: MailpitBuild = ui === null ? 'with-ui' : 'without-ui';
  fs.writeFileSync(
    path.join(binDir, INSTALLED_MARKER),
    `${result === 'with-ui' ? BUILT_WITH_UI : BUILT_WITHOUT_UI}\n`,
  );
  fs.rmSync(src, { recursive: true, force: true });
  log(
    `mailpit: built ${target} ${result === 'with-ui' ? 'with' : 'WITHOUT'} its web page ` +
      `in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  return result;
}
