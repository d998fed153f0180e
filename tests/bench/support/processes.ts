/**
 * What the end-to-end benchmarks share: services started as separate processes on this
 * machine, their /metrics, and what /proc says about their CPU time and memory.
 */
import { type ChildProcess, execFileSync, type StdioOptions, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The repository root, with a trailing slash. */
export const root = fileURLToPath(new URL('../../../', import.meta.url));

/** A port free right now on 127.0.0.1 (for a service's METRICS_PORT). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/**
 * A TypeScript entry point (path from the repository root) in its own Node process, with
 * tsx's loader in that process (no wrapper process: the pid is the service's). `nodeArgs`
 * go to node after the loader (so a TypeScript preload can be among them: --import file.ts).
 */
export function spawnTs(
  script: string,
  args: string[],
  env: Record<string, string>,
  stdio: StdioOptions = ['ignore', 'ignore', 'inherit'],
  nodeArgs: string[] = [],
): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', ...nodeArgs, `${root}${script}`, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio,
  });
}

/**
 * SIGTERM and wait, unless it has already ended (a replay that reached its file's end);
 * SIGKILL if it is still there after `killAfterMs`.
 */
export async function stop(child: ChildProcess, killAfterMs = 60_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The sum of every series of a metric on a service's ops server (0 when it has none
 * yet), or null when the server does not answer.
 */
export async function metricValue(port: number, name: string): Promise<number | null> {
  let text: string;
  try {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`, {
      signal: AbortSignal.timeout(2_000),
    });
    text = await response.text();
  } catch {
    return null;
  }
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const next = line[name.length];
    if (next !== ' ' && next !== '{') continue; // another metric with this one's name as prefix
    sum += Number(line.split(' ').at(-1));
  }
  return sum;
}

/** The p-quantile (0..1) of an ascending array; NaN when it is empty. */
export const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

let clockTicks: number | undefined;
/** USER_HZ: the unit of the CPU times in /proc (100 on Linux almost everywhere). */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

export interface ProcessStats {
  /** User + system CPU time since the process started. */
  cpuSeconds: number;
  /** Resident set now (VmRSS). */
  rssBytes: number;
  /** Peak resident set since the process started (VmHWM). */
  peakRssBytes: number;
}

/** CPU time and memory of a live process from /proc; null once it has gone. */
export function processStats(pid: number): ProcessStats | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime (14) + stime (15)
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1]);
    return {
      cpuSeconds: ticks / ticksPerSecond(),
      rssBytes: kb('VmRSS') * 1024,
      peakRssBytes: kb('VmHWM') * 1024,
    };
  } catch {
    return null;
  }
}

/** The whole machine's CPU time (all cores) from /proc/stat: busy and total, in seconds. */
export function machineCpu(): { busySeconds: number; totalSeconds: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  // cpu user nice system idle iowait irq softirq steal (guest time is already in user)
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .slice(1, 9)
    .map(Number) as number[];
  const idleAll = (idle ?? 0) + (iowait ?? 0);
  const total = [user, nice, system, irq, softirq, steal].reduce<number>((s, v) => s + (v ?? 0), 0);
  const hz = ticksPerSecond();
  return { busySeconds: total / hz, totalSeconds: (total + idleAll) / hz };
}
