/**
 * Per-process figures for the report: each service's CPU seconds in the measured window
 * (first position → last line committed) and over its life, and its peak RSS (VmHWM); each
 * infra component's CPU in the window and over the whole bench (baseline included), and the
 * highest resident-set sum of its process tree.
 */
import { allChildren, type InfraTrack } from './children.js';
import type { ProcSnapshot } from './stats.js';

export interface ServiceUsage {
  name: string;
  windowCpuSeconds: number | null;
  totalCpuSeconds: number | null;
  peakRssMiB: number | null;
}

export interface WindowEnd {
  name: string;
  last: ProcSnapshot | null;
  atWindow: ProcSnapshot | null;
}

/** The samples as they stood when the window closed (before consolidation and notifying). */
export const windowEnds = (): WindowEnd[] =>
  allChildren().map((c) => ({ name: c.name, last: c.last, atWindow: c.atWindow }));

export function serviceUsage(ends: readonly WindowEnd[]): ServiceUsage[] {
  return allChildren().map((c) => {
    const w = ends.find((e) => e.name === c.name);
    // Started inside the window (the replay): all of its CPU so far is the window's.
    const windowCpuSeconds = w?.last ? w.last.cpuSeconds - (w.atWindow?.cpuSeconds ?? 0) : null;
    return {
      name: c.name,
      windowCpuSeconds,
      totalCpuSeconds: c.last?.cpuSeconds ?? null,
      peakRssMiB: c.last ? c.last.peakRssBytes / 2 ** 20 : null,
    };
  });
}

export function infraUsageRows(
  atEnd: readonly InfraTrack[],
  now: readonly InfraTrack[],
): ServiceUsage[] {
  return now.map((t) => {
    const end = atEnd.find((e) => e.name === t.name);
    return {
      name: `(infra) ${t.name}`,
      windowCpuSeconds: end && end.atWindow !== null ? end.cpuSeconds - end.atWindow : null,
      totalCpuSeconds: t.cpuSeconds - t.first,
      peakRssMiB: t.peakRssBytes / 2 ** 20,
    };
  });
}
