/**
 * bench:e2e's child processes: each service a `node --import tsx` child (its pid is the
 * service's own), its last log lines kept, its CPU time and memory sampled from /proc, and
 * every child stopped on the way out — normal end, error, Ctrl-C — so none is left behind.
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { spawnTs, stop } from '../support/processes.js';
import { sampleInfra } from './infra.js';
import { type ProcSnapshot, parseProc } from './stats.js';

export interface Child {
  name: string;
  child: ChildProcess;
  /** The last lines it wrote (stdout and stderr). */
  tail(): string;
  /** First and latest /proc sample, and the highest VmHWM seen. */
  first: ProcSnapshot | null;
  last: ProcSnapshot | null;
  /** The sample taken when the measured window opened (markWindow). */
  atWindow: ProcSnapshot | null;
}

const children: Child[] = [];
const hz = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function snapshot(pid: number | undefined): ProcSnapshot | null {
  if (pid === undefined) return null;
  try {
    const s = parseProc(
      readFileSync(`/proc/${pid}/stat`, 'utf8'),
      readFileSync(`/proc/${pid}/status`, 'utf8'),
      hz,
    );
    // A zombie (ended, not yet reaped) has no memory lines: keep the sample before it.
    return Number.isFinite(s.peakRssBytes) ? s : null;
  } catch {
    return null; // it has ended
  }
}

export const alive = (c: Child) => c.child.exitCode === null && c.child.signalCode === null;

/** Starts a TypeScript entry point (path from the repository root) as a tracked child. */
export function startChild(
  name: string,
  script: string,
  env: Record<string, string>,
  args: string[] = [],
): Child {
  const child = spawnTs(script, args, env, ['ignore', 'pipe', 'pipe']);
  let text = '';
  const keep = (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-4_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const entry: Child = { name, child, tail: () => text, first: null, last: null, atWindow: null };
  children.push(entry);
  return entry;
}

/** An infra component across the run: CPU at the window's start and now, highest RSS sum. */
export interface InfraTrack {
  name: string;
  /** CPU seconds (over its life) at the bench's first sample, at the window's start, now. */
  first: number;
  atWindow: number | null;
  cpuSeconds: number;
  peakRssBytes: number;
}
const infra = new Map<string, InfraTrack>();

/** What each infra component used (its CPU over its life, by /proc, at the last sample). */
export const infraUsage = (): readonly InfraTrack[] => [...infra.values()];

/** One /proc sample of every live child; the last one before it ends is what is reported. */
export function sampleAll(): void {
  for (const u of sampleInfra(hz)) {
    const t = infra.get(u.name) ?? {
      name: u.name,
      first: u.cpuSeconds,
      atWindow: null,
      cpuSeconds: 0,
      peakRssBytes: 0,
    };
    t.cpuSeconds = u.cpuSeconds;
    t.peakRssBytes = Math.max(t.peakRssBytes, u.rssBytes);
    infra.set(u.name, t);
  }
  for (const c of children) {
    if (!alive(c)) continue;
    const s = snapshot(c.child.pid);
    if (!s) continue;
    c.first ??= s;
    c.last = s;
  }
}

/** Samples every child now and keeps it as the start of the measured window. */
export function markWindow(): void {
  sampleAll();
  for (const c of children) c.atWindow = c.last;
  for (const t of infra.values()) t.atWindow = t.cpuSeconds;
}

/** Every child started so far (those that ended too), in start order. */
export const allChildren = (): readonly Child[] => children;

/** SIGTERM to every child still running (SIGKILL after `killAfterMs`), all at once. */
export async function stopAll(killAfterMs = 15_000): Promise<void> {
  sampleAll();
  await Promise.all(children.map((c) => stop(c.child, killAfterMs)));
}

/** A child that ended although the bench did not stop it: the run cannot go on. */
export function failedChild(except: readonly string[] = []): Child | undefined {
  return children.find((c) => !except.includes(c.name) && !alive(c));
}

/**
 * Ctrl-C or a SIGTERM to the bench: children stopped, `cleanup` run, exit 130/143. A second
 * signal while stopping SIGKILLs what is left.
 */
let stopping = false;
/** Whether a signal is stopping the bench (children ending then are no failure). */
export const interrupted = () => stopping;

export function onInterrupt(cleanup: () => Promise<void>): void {
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      for (const c of children) if (alive(c)) c.child.kill('SIGKILL');
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
    stopping = true;
    console.error(`\n${signal}: stopping the services…`);
    void stopAll(5_000)
      .then(cleanup)
      .catch((error: unknown) => console.error(error))
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
