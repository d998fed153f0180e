import { createHash } from 'node:crypto';
import type { MetricsSnapshot } from '@overfly/schemas';

/**
 * A snapshot as the columns of one INSERT (`unnest` of parallel arrays): every sample once,
 * keyed by (name, labels hash). The snapshot's service, instance and time are scalars of
 * the statement, the same for all its rows.
 */
export interface SnapshotRows {
  service: string;
  instance: string;
  /** `takenAt` as ISO 8601 UTC: exact to the millisecond, whatever the server's time zone. */
  takenAt: string;
  names: string[];
  kinds: string[];
  /** Canonical JSON of each sample's labels (keys sorted): what `labels` stores. */
  labels: string[];
  labelsHashes: string[];
  values: number[];
  /** Samples left out because an earlier one of the snapshot had the same series key. */
  duplicates: number;
}

/**
 * Labels as JSON with their keys in code-point order, so the same label set always gives
 * the same text, whatever order a producer's map iterated in.
 */
export function canonicalLabels(labels: Readonly<Record<string, string>>): string {
  const sorted: Record<string, string> = {};
  for (const key of Object.keys(labels).sort()) sorted[key] = labels[key] as string;
  return JSON.stringify(sorted);
}

/**
 * The series key's label part: the first 128 bits of SHA-256 over the canonical labels, hex.
 * Part of the primary key instead of the jsonb itself, so the index stays small; the
 * labels are stored beside it for queries.
 */
export function labelsHash(canonical: string): string {
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

/** The rows of one snapshot; a series repeated within it keeps its first sample. */
export function snapshotRows(snapshot: MetricsSnapshot): SnapshotRows {
  const rows: SnapshotRows = {
    service: snapshot.service,
    instance: snapshot.instance,
    takenAt: new Date(snapshot.takenAt).toISOString(),
    names: [],
    kinds: [],
    labels: [],
    labelsHashes: [],
    values: [],
    duplicates: 0,
  };
  const seen = new Set<string>();
  for (const sample of snapshot.samples) {
    const labels = canonicalLabels(sample.labels);
    const hash = labelsHash(labels);
    const key = `${sample.name}\u0000${hash}`;
    if (seen.has(key)) {
      rows.duplicates += 1;
      continue;
    }
    seen.add(key);
    rows.names.push(sample.name);
    rows.kinds.push(sample.kind);
    rows.labels.push(labels);
    rows.labelsHashes.push(hash);
    rows.values.push(sample.value);
  }
  return rows;
}
