/**
 * bench:e2e's output: one table on stdout and the same figures as JSON in
 * .overfly/reports/bench-e2e.json, with the run's date, commit and machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import type { BaselineResult } from './baseline.js';
import type { NotificationResult } from './notifications.js';
import type { LatencySummary } from './stats.js';
import type { ServiceUsage } from './usage.js';

export interface E2eReport {
  date: string;
  commit: string;
  machine: { cpus: number; memoryGiB: number; loadavgAtStart: number[]; busyShareInWindow: number };
  input: {
    sample: string;
    copies: number;
    positions: number;
    aircraft: number;
    assumedType: string;
  };
  pipeline: {
    positions: number;
    crossingRecords: number;
    charges: number;
    lines: number;
    /** Invoice lines by status (UNPRICED: e.g. a FIR outside the tariff's charging zones). */
    lineStatuses: Record<string, number>;
    seconds: number;
    positionsPerSecond: number;
    positionToChargeMs: LatencySummary;
    positionToLineMs: LatencySummary;
    positionToLineTxStartMs: LatencySummary;
    linePollMs: number;
  };
  notifications:
    | (Omit<NotificationResult, 'issuedToSentMs' | 'consolidationToSentMs'> & {
        issuedToSentMs: LatencySummary;
        consolidationToSentMs: LatencySummary;
      })
    | null;
  baseline: Omit<BaselineResult, 'latencyMs'> & { latencyMs: LatencySummary };
  ratios: { throughput: number; p50: number | null; p99: number | null };
  services: ServiceUsage[];
  /** Kafka, registry, PostgreSQL, Mailpit: total = over the whole bench, baseline included. */
  infra: ServiceUsage[];
}

export function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export const machineFacts = () => ({
  cpus: availableParallelism(),
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  loadavgAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
});

const int = (n: number | null | undefined) =>
  n === null || n === undefined || !Number.isFinite(n)
    ? 'n/a'
    : Math.round(n).toLocaleString('en-US');
const fixed = (n: number | null | undefined, d = 1) =>
  n === null || n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(d);
const lat = (s: LatencySummary) =>
  `${int(s.p50).padStart(7)} ${int(s.p99).padStart(7)} ${int(s.max).padStart(7)} ${int(s.n).padStart(8)}`;

export function printReport(r: E2eReport): void {
  const p = r.pipeline;
  const b = r.baseline;
  const n = r.notifications;
  const rows: string[] = [
    '',
    `bench:e2e — ${r.date}, commit ${r.commit.slice(0, 10)}, ${r.machine.cpus} CPUs, ${r.machine.memoryGiB} GiB; load average at start ${r.machine.loadavgAtStart.join(' ')}; machine busy ${fixed(r.machine.busyShareInWindow * 100, 0)} % during the window`,
    `input: ${r.input.sample} x${r.input.copies}: ${int(r.input.positions)} recorded positions, ${int(r.input.aircraft)} aircraft (every one assumed ${r.input.assumedType}), replayed at max speed`,
    '',
    'throughput                                     positions   seconds   positions/s',
    `  pipeline: first position → last line       ${int(p.positions).padStart(9)} ${fixed(p.seconds).padStart(9)} ${int(p.positionsPerSecond).padStart(13)}`,
    `  baseline: raw kafkajs, one topic, JSON     ${int(b.positions).padStart(9)} ${fixed(b.seconds).padStart(9)} ${int(b.positionsPerSecond).padStart(13)}`,
    `  ratio pipeline / baseline                  ${fixed(r.ratios.throughput, 3).padStart(33)}`,
    '',
    'latency, ms                                        p50     p99     max  records',
    `  position → charge (charges.calculated)    ${lat(p.positionToChargeMs)}`,
    `  position → invoice line seen committed    ${lat(p.positionToLineMs)}   (poll every ${p.linePollMs} ms)`,
    `  position → line's transaction start       ${lat(p.positionToLineTxStartMs)}`,
    `  baseline: produce → consumed (raw)        ${lat(b.latencyMs)}`,
    `  ratio position → line / baseline           ${fixed(r.ratios.p50, 1).padStart(7)} ${fixed(r.ratios.p99, 1).padStart(7)}`,
  ];
  if (n) {
    rows.push(
      `  ISSUED event → notification SENT          ${lat(n.issuedToSentMs)}`,
      `  consolidation start → SENT                ${lat(n.consolidationToSentMs)}`,
      `  (${n.issued} invoices issued by a consolidation of ${fixed(n.consolidationSeconds)} s; ${n.sent} e-mails SENT, the last ${fixed(n.allSentSeconds)} s after it started)`,
    );
  }
  rows.push(
    '  position → notification: not measured. Lines notify no one; an invoice is issued by a',
    '  monthly consolidation (started here by the bench once every line is committed), so that',
    "  figure would be the bench's own wait, not the pipeline's.",
    `  records: ${int(p.crossingRecords)} crossing records, ${int(p.charges)} charges, ${int(p.lines)} invoice lines (${Object.entries(
      p.lineStatuses,
    )
      .map(([k, v]) => `${int(v)} ${k}`)
      .join(', ')})`,
    '',
    'process            CPU s (window)  CPU s (total)  cores (window)  peak RSS MiB',
  );
  for (const s of [...r.services, ...r.infra])
    rows.push(
      `  ${s.name.padEnd(16)} ${fixed(s.windowCpuSeconds).padStart(14)} ${fixed(s.totalCpuSeconds).padStart(14)} ${fixed(s.windowCpuSeconds === null ? null : s.windowCpuSeconds / p.seconds, 2).padStart(15)} ${int(s.peakRssMiB).padStart(13)}`,
    );
  console.log(rows.join('\n'));
}

export function writeReport(root: string, r: E2eReport): string {
  const dir = `${root}.overfly/reports`;
  mkdirSync(dir, { recursive: true });
  const file = `${dir}/bench-e2e.json`;
  writeFileSync(file, `${JSON.stringify(r, null, 2)}\n`);
  return file;
}
