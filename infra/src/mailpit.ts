import fs from 'node:fs';
import path from 'node:path';
import type { Driver } from './driver.js';
import { machineGoFacts, planGo, toolchainRoot } from './go-toolchain.js';
import { buildMailpit, installedBuild, MAILPIT_MIN_GO, retryUiHint } from './mailpit-build.js';
import { componentPaths } from './paths.js';
import { HOST, type InfraPorts, PORT_ENV, portOpen } from './ports.js';
import { spawnDetached } from './process.js';

/**
 * Mailpit, a real SMTP server that keeps what it receives and shows it on a web page and a
 * REST API; built from source, web page included (mailpit-build.ts).
 */
export { MAILPIT_VERSION } from './mailpit-build.js';

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

export function mailpitDriver(ports: InfraPorts, stateDir: string): Driver {
  const paths = componentPaths('mailpit', stateDir);
  const binDir = path.join(paths.dir, 'bin');
  const binary = path.join(binDir, 'mailpit');
  const dataDir = path.join(paths.dir, 'data');
  const base = `http://${HOST}:${ports.mailpit}`;
  const installed = () => installedBuild(binDir) !== 'missing';

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
      const found = installedBuild(binDir);
      if (found === 'missing') await buildMailpit(stateDir, paths.dir, binDir, log);
      if (found === 'without-ui') {
        // Said on every start: a build without the page is reused, not retried on its own.
        log(
          `mailpit: WARNING: this Mailpit was built without its web page (see ` +
            `${path.join(paths.dir, 'build.log')}); ${retryUiHint(binDir)}`,
        );
      }
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
    // A cold first start builds Mailpit (minutes: see infra/README.md); the deadline counts
    // from the spawn, after the build.
    readyTimeoutMs: 30_000,
    stopSignal: 'SIGTERM',
    stopTimeoutMs: 15_000,
  };
}
