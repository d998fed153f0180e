import { fileURLToPath } from 'node:url';
import type { PositionUpdate } from '@overfly/schemas';
import { openTrajectory, type ReadOptions } from '../read.js';
import type { RowAccepted, RowRejection } from '../types.js';

export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
}

export async function readAll(path: string, options: ReadOptions = {}) {
  const file = await openTrajectory(path, options);
  const accepted: RowAccepted[] = [];
  const rejected: RowRejection[] = [];
  for await (const row of file.rows()) {
    if (row.ok) accepted.push(row);
    else rejected.push(row);
  }
  const positions: PositionUpdate[] = accepted.map((row) => row.position);
  const total = accepted.length + rejected.length;
  return { format: file.format, accepted, positions, rejected, total };
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
