import { fileURLToPath } from 'node:url';
import { openTrajectory, type ReadOptions } from './read.js';
import type { RowRejection, TrajectoryPosition } from './types.js';

export function fixture(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

export async function readAll(path: string, options: ReadOptions = {}) {
  const file = await openTrajectory(path, options);
  const positions: TrajectoryPosition[] = [];
  const rejected: RowRejection[] = [];
  for await (const row of file.rows()) {
    if (row.ok) positions.push(row.position);
    else rejected.push(row);
  }
  return { format: file.format, positions, rejected, total: positions.length + rejected.length };
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
