import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  dayStart,
  partitionFor,
  partitionOfName,
  partitionsAhead,
  partitionsToDrop,
  retentionCutoff,
} from './partitions.js';

const at = (iso: string) => Date.parse(iso);

describe('day partitions', () => {
  it('hold one UTC day each, named after it', () => {
    expect(partitionFor(at('2026-12-04T13:30:00Z'))).toEqual({
      name: 'metric_samples_20261204',
      from: at('2026-12-04T00:00:00Z'),
      to: at('2026-12-05T00:00:00Z'),
    });
    // Midnight starts the new day; the last millisecond before it is the old one's.
    expect(partitionFor(at('2026-12-05T00:00:00Z')).name).toBe('metric_samples_20261205');
    expect(partitionFor(at('2026-12-04T23:59:59.999Z')).name).toBe('metric_samples_20261204');
    expect(dayStart(at('2026-12-04T23:59:59.999Z'))).toBe(at('2026-12-04T00:00:00Z'));
  });

  it('are made for today and the lead days after it, across month and year ends', () => {
    expect(partitionsAhead(at('2026-12-30T22:00:00Z'), 2).map((p) => p.name)).toEqual([
      'metric_samples_20261230',
      'metric_samples_20261231',
      'metric_samples_20270101',
    ]);
    expect(partitionsAhead(at('2028-02-28T01:00:00Z'), 1).map((p) => p.name)).toEqual([
      'metric_samples_20280228',
      'metric_samples_20280229',
    ]);
    expect(partitionsAhead(at('2026-12-04T00:00:00Z'), 0)).toHaveLength(1);
    const [today, next] = partitionsAhead(at('2026-12-04T12:00:00Z'), 1);
    expect(today!.to).toBe(next!.from);
  });

  it('are read back from their names, and other names are not ours', () => {
    expect(partitionOfName('metric_samples_20261204')).toEqual(
      partitionFor(at('2026-12-04T00:00:00Z')),
    );
    for (const name of [
      'metric_samples',
      'metric_samples_default',
      'metric_samples_2026120',
      'metric_samples_20261332',
      'metric_samples_20260230',
      'other_20261204',
    ])
      expect(partitionOfName(name), name).toBeNull();
  });
});

describe('retention', () => {
  const week = 7 * DAY_MS;

  it('cuts off what was taken longer ago than the retention', () => {
    expect(retentionCutoff(at('2026-12-11T06:00:00Z'), week)).toBe(at('2026-12-04T06:00:00Z'));
  });

  it('drops the days that ended before the cutoff, and keeps the one the cutoff falls in', () => {
    const names = [
      'metric_samples_20261202',
      'metric_samples_20261203',
      'metric_samples_20261204',
      'metric_samples_20261211',
      'metric_samples_default',
    ];
    // Cutoff 2026-12-04 06:00: the 4th still holds samples from after it.
    expect(partitionsToDrop(names, at('2026-12-11T06:00:00Z'), week).map((p) => p.name)).toEqual([
      'metric_samples_20261202',
      'metric_samples_20261203',
    ]);
    // The day ends exactly at the cutoff: nothing in it is inside the retention any more.
    expect(partitionsToDrop(names, at('2026-12-12T00:00:00Z'), week).map((p) => p.name)).toEqual([
      'metric_samples_20261202',
      'metric_samples_20261203',
      'metric_samples_20261204',
    ]);
  });

  it('drops oldest first and never a partition of today or ahead', () => {
    const now = at('2026-12-04T10:00:00Z');
    const names = [
      ...partitionsAhead(now, 2).map((p) => p.name),
      'metric_samples_20261120',
      'metric_samples_20261101',
    ];
    expect(partitionsToDrop(names, now, DAY_MS).map((p) => p.name)).toEqual([
      'metric_samples_20261101',
      'metric_samples_20261120',
    ]);
  });
});
