/**
 * `metric_samples` is partitioned by range on `taken_at`, one partition per UTC day, named
 * `metric_samples_YYYYMMDD`. Pure date arithmetic here; the SQL is in store.ts.
 */

export const DAY_MS = 86_400_000;
const PARENT = 'metric_samples';
const NAME = /^metric_samples_(\d{4})(\d{2})(\d{2})$/;

export interface DayPartition {
  /** `metric_samples_20261204` */
  name: string;
  /** Start of the UTC day, epoch ms (inclusive bound). */
  from: number;
  /** Start of the next UTC day, epoch ms (exclusive bound). */
  to: number;
}

/** The start of the UTC day that holds `at`. */
export function dayStart(at: number): number {
  return Math.floor(at / DAY_MS) * DAY_MS;
}

/** The partition that holds the instant `at`. */
export function partitionFor(at: number): DayPartition {
  const from = dayStart(at);
  const day = new Date(from).toISOString().slice(0, 10).replaceAll('-', '');
  return { name: `${PARENT}_${day}`, from, to: from + DAY_MS };
}

/** Today's partition and the `leadDays` after it, in day order. */
export function partitionsAhead(now: number, leadDays: number): DayPartition[] {
  return Array.from({ length: leadDays + 1 }, (_, i) => partitionFor(dayStart(now) + i * DAY_MS));
}

/** The day a partition's name says, or null for a name that is not one of ours. */
export function partitionOfName(name: string): DayPartition | null {
  const match = NAME.exec(name);
  if (!match) return null;
  const from = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const partition = partitionFor(from);
  // Date.UTC rolls 20261332 over into another day: such a name is not ours either.
  return partition.name === name ? partition : null;
}

/** Samples taken before this instant are past retention. */
export function retentionCutoff(now: number, retentionMs: number): number {
  return now - retentionMs;
}

/**
 * The partitions among `names` whose whole day is past retention (the day ended at or
 * before the cutoff), oldest first. A partition still holding one sample inside retention
 * stays until the next run; names that are not day partitions are never touched.
 */
export function partitionsToDrop(
  names: readonly string[],
  now: number,
  retentionMs: number,
): DayPartition[] {
  const cutoff = retentionCutoff(now, retentionMs);
  return names
    .map(partitionOfName)
    .filter((p): p is DayPartition => p !== null && p.to <= cutoff)
    .sort((a, b) => a.from - b.from);
}
