/**
 * CPU time and memory of the platform the pipeline runs on — Kafka, the schema registry,
 * PostgreSQL (the postmaster and its backends) and Mailpit — from the pid files `pnpm
 * infra:up` writes under OVERFLY_STATE_DIR and /proc. Each is a process tree: its CPU is
 * the root's own and reaped children's time plus its live descendants'; its memory the sum
 * of their resident sets (the highest sum seen).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { infraStateDir } from '../../../infra/src/index.js';
import { parseStat } from './stats.js';

const COMPONENTS = ['kafka', 'registry', 'postgres', 'mailpit'] as const;

export interface TreeUsage {
  name: string;
  cpuSeconds: number;
  rssBytes: number;
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** pid → ppid of every process now. */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (stat) out.set(Number(entry), parseStat(stat).ppid);
  }
  return out;
}

function tree(root: number, ppids: Map<number, number>): number[] {
  const pids = [root];
  for (let i = 0; i < pids.length; i++)
    for (const [pid, ppid] of ppids) if (ppid === pids[i]) pids.push(pid);
  return pids;
}

/** One sample of each infra component found running; `hz` is USER_HZ. */
export function sampleInfra(hz: number): TreeUsage[] {
  const ppids = parents();
  const out: TreeUsage[] = [];
  for (const name of COMPONENTS) {
    const root = Number(read(join(infraStateDir(), name, `${name}.pid`))?.trim());
    if (!Number.isInteger(root) || !ppids.has(root)) continue;
    let ticks = 0;
    let rssKb = 0;
    for (const pid of tree(root, ppids)) {
      const stat = read(`/proc/${pid}/stat`);
      if (!stat) continue;
      const s = parseStat(stat);
      ticks += s.ticks + (pid === root ? s.childTicks : 0);
      rssKb += Number(/^VmRSS:\s+(\d+) kB/m.exec(read(`/proc/${pid}/status`) ?? '')?.[1] ?? 0);
    }
    out.push({ name, cpuSeconds: ticks / hz, rssBytes: rssKb * 1024 });
  }
  return out;
}
