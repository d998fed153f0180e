/**
 * The running demo's status, in .overfly/demo/status.json: its pid, the api's URL and each
 * service's pid, state and restarts. `pnpm demo:status` and `pnpm demo:stop` read it, and a
 * second `pnpm demo` reads it to refuse to start beside a running one.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ServiceStatus } from './supervisor.js';

export interface DemoStatus {
  pid: number;
  startedAt: string;
  apiUrl: string | null;
  logDir: string;
  services: ServiceStatus[];
  /** Set when the demo has stopped. */
  stoppedAt?: string;
}

export const statusFile = (stateDir: string) => path.join(stateDir, 'status.json');

export function writeStatus(file: string, status: DemoStatus): void {
  mkdirSync(path.dirname(file), { recursive: true });
  // Written whole then renamed: a reader never sees half a file.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(status, null, 2)}\n`);
  renameSync(tmp, file);
}

export function readStatus(file: string): DemoStatus | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DemoStatus;
  } catch {
    return null;
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The demo running now according to the file, or null (none, or it died). */
export function runningDemo(file: string): DemoStatus | null {
  const status = readStatus(file);
  if (!status || status.stoppedAt || status.pid === process.pid || !alive(status.pid)) return null;
  return status;
}
