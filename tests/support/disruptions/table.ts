// A scenario's score as a fixed-width table, for `pnpm score:disruptions`.
import type { ScenarioScore } from './score.js';

const percent = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)} %`);

export function scoreTable(s: ScenarioScore): string {
  const header = [
    'pattern',
    'truth (major)',
    'truth (minor)',
    'found',
    'matched',
    'precision',
    'recall',
  ];
  const rows = s.patterns.map((p) => [
    p.pattern,
    String(p.truthMajor),
    String(p.truthMinor),
    String(p.found),
    String(p.matched),
    `${percent(p.precision)} (${p.trueFound}/${p.found})`,
    `${percent(p.recall)} (${p.matched}/${p.truthMajor})`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  const lines = [s.scenario, line(header), ...rows.map(line)];
  lines.push(`rotation risks (not scored): ${s.rotationRisks}`);
  lines.push(`major disruptions found: ${s.majorFound.length}`);
  for (const p of s.patterns)
    if (p.missed.length > 0) lines.push(`missed ${p.pattern}: ${p.missed.join(', ')}`);
  return lines.join('\n');
}
