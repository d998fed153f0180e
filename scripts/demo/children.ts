/**
 * The services the demo runs, as child processes with their output in log files, and
 * their orderly stop: SIGTERM (each service then closes its consumers, checkpoints and
 * disconnects), and SIGKILL only for one still running after the deadline.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ServiceSpec {
  name: string;
  /** Entry file, relative to the repository root. */
  entry: string;
  env: Record<string, string>;
}

export interface RunningService {
  name: string;
  pid: number;
  log: string;
  child: ChildProcess;
  /** Set once the process has ended (by itself or by stop). */
  exit: { code: number | null; signal: NodeJS.Signals | null } | null;
}

/** Stops a service whose demo is gone (guard.preload.ts). */
const GUARD = fileURLToPath(new URL('./guard.preload.ts', import.meta.url));

export function startService(root: string, logDir: string, spec: ServiceSpec): RunningService {
  mkdirSync(logDir, { recursive: true });
  const log = join(logDir, `${spec.name}.log`);
  // Append: a restarted demo keeps the previous run's lines for whoever debugs it.
  const fd = openSync(log, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', GUARD, spec.entry], {
    cwd: root,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', fd, fd],
    // Own process group: Ctrl-C in the terminal reaches only the demo, which then stops
    // the services once, in order. (A second signal would make them exit 130 at once.)
    detached: true,
  });
  if (child.pid === undefined) throw new Error(`${spec.name}: could not start ${spec.entry}`);
  const service: RunningService = { name: spec.name, pid: child.pid, log, child, exit: null };
  child.on('exit', (code, signal) => {
    service.exit = { code, signal };
  });
  return service;
}

async function exited(service: RunningService, ms: number): Promise<boolean> {
  if (service.exit) return true;
  const timer = new Promise<false>((resolve) => setTimeout(() => resolve(false), ms).unref());
  return Promise.race([once(service.child, 'exit').then(() => true), timer]);
}

/** Stops the services in the given order; returns what each one did. */
export async function stopServices(
  services: readonly RunningService[],
  deadlineMs: number,
  log: (line: string) => void,
): Promise<void> {
  for (const service of services) {
    if (service.exit) continue;
    service.child.kill('SIGTERM');
    if (await exited(service, deadlineMs)) {
      log(`  ${service.name} (pid ${service.pid}) stopped`);
      continue;
    }
    log(`  ${service.name} (pid ${service.pid}) still running after ${deadlineMs} ms: SIGKILL`);
    service.child.kill('SIGKILL');
    await exited(service, 5_000);
  }
}

/** Last resort when the demo itself exits unexpectedly: nothing may outlive it. */
export function killNow(services: readonly RunningService[]): void {
  for (const service of services) {
    if (!service.exit) service.child.kill('SIGKILL');
  }
}
