/**
 * Pure helpers of bench:e2e: latency summaries and what /proc says about one process.
 * No I/O here, so tests/unit/bench-e2e-stats.test.ts can check them on fixed inputs.
 */

export interface LatencySummary {
  n: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

/** Nearest-rank quantile (0 < p ≤ 1) of an ascending array; null when it is empty. */
export function quantile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? null;
}

/** n, p50, p99 and max of unordered samples (copied, then sorted). */
export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    max: sorted.at(-1) ?? null,
  };
}

export interface ProcSnapshot {
  /** utime + stime, in seconds. */
  cpuSeconds: number;
  /** VmRSS. */
  rssBytes: number;
  /** VmHWM: the peak resident set since the process started. */
  peakRssBytes: number;
}

/** /proc/<pid>/stat: parent pid, own CPU ticks (utime + stime), reaped children's (cutime + cstime). */
export function parseStat(stat: string): { ppid: number; ticks: number; childTicks: number } {
  // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
  // After it, state is field 3, so ppid (4) is at 1, utime (14) … cstime (17) at 11 … 14.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    ppid: Number(fields[1]),
    ticks: Number(fields[11]) + Number(fields[12]),
    childTicks: Number(fields[13]) + Number(fields[14]),
  };
}

/**
 * /proc/<pid>/stat and /proc/<pid>/status → CPU time and memory. The command name (field 2)
 * may hold spaces and parentheses, so fields are counted from the last ')'.
 */
export function parseProc(stat: string, status: string, ticksPerSecond: number): ProcSnapshot {
  const { ticks } = parseStat(stat);
  const kb = (key: string) =>
    Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return {
    cpuSeconds: ticks / ticksPerSecond,
    rssBytes: kb('VmRSS') * 1024,
    peakRssBytes: kb('VmHWM') * 1024,
  };
}

/**
 * The entry of `history` (ascending `at`) last at or before `at`: which record of a crossing
 * published more than once (provisional, then final) a charge published at `at` came from.
 */
export function latestAtOrBefore<T extends { at: number }>(
  history: readonly T[],
  at: number,
): T | null {
  let lo = 0;
  let hi = history.length - 1;
  let found: T | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const entry = history[mid] as T;
    if (entry.at <= at) {
      found = entry;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
