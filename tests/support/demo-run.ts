// `pnpm demo` as a child process for the tests: its output as it comes, a wait on it, and
// the demo's own status command.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface DemoRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with stdout once `until` holds of it; rejects if the demo ends or time is up first. */
  waitFor(what: string, until: (stdout: string) => boolean, timeoutMs: number): Promise<string>;
  closed: Promise<number | null>;
}

/** The environment without what would make it a live run or turn the api's auth on. */
export function demoEnvOf(env: NodeJS.ProcessEnv, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of [
    'OPENSKY_CLIENT_ID',
    'OPENSKY_CLIENT_SECRET',
    'OPENSKY_MODE',
    'API_KEYS',
    'API_JWT_SECRET',
    'API_JWT_PUBLIC_KEY',
    'REPLAY_SPEED',
    'DEMO_NETWORK_SCENARIO',
  ])
    delete copy[name];
  return { ...copy, ...extra };
}

export function startDemo(args: string[], env: NodeJS.ProcessEnv): DemoRun {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const watchers = new Set<() => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const check of watchers) check();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const closed = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  const tail = () =>
    `--- stdout (end)\n${stdout.slice(-6_000)}\n--- stderr\n${stderr.slice(-3_000)}`;
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    closed,
    waitFor: (what, until, timeoutMs) =>
      new Promise((resolve, reject) => {
        const finish = (error?: Error) => {
          watchers.delete(check);
          clearTimeout(timer);
          if (error) reject(error);
          else resolve(stdout);
        };
        const check = () => {
          if (until(stdout)) finish();
        };
        const timer = setTimeout(
          () => finish(new Error(`no ${what} within ${timeoutMs} ms\n${tail()}`)),
          timeoutMs,
        );
        void closed.then((code) =>
          finish(new Error(`the demo ended (${code}) before ${what}\n${tail()}`)),
        );
        watchers.add(check);
        check();
      }),
  };
}

/** `pnpm demo:status`, as a user runs it (never spawnSync: the demo's pipes must be read meanwhile). */
export function demoStatus(): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo-ctl.ts', 'status'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout }));
  });
}
