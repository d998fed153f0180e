import type { MetricsSnapshot } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { canonicalLabels, labelsHash, snapshotRows } from './rows.js';

const snapshot: MetricsSnapshot = {
  service: 'fee-calculator',
  instance: 'host-42',
  takenAt: Date.UTC(2026, 11, 4, 13, 30, 15, 123),
  samples: [
    {
      name: 'overfly_messages_consumed_total',
      kind: 'COUNTER',
      labels: { topic: 'fir.crossings', partition: '0' },
      value: 12,
    },
    { name: 'process_resident_memory_bytes', kind: 'GAUGE', labels: {}, value: 1.5e8 },
    {
      name: 'overfly_handle_seconds_bucket',
      kind: 'HISTOGRAM',
      labels: { le: '+Inf' },
      value: 7,
    },
  ],
};

describe('labels', () => {
  it('are written with their keys sorted, whatever order the map came in', () => {
    expect(canonicalLabels({ topic: 'a', le: '0.5', партия: 'x' })).toBe(
      '{"le":"0.5","topic":"a","партия":"x"}',
    );
    expect(canonicalLabels({ b: '1', a: '2' })).toBe(canonicalLabels({ a: '2', b: '1' }));
    expect(canonicalLabels({})).toBe('{}');
  });

  it('hash to 32 hex digits that tell different label sets apart', () => {
    const a = labelsHash(canonicalLabels({ topic: 'fir.crossings' }));
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(labelsHash(canonicalLabels({ topic: 'fir.crossings' }))).toBe(a);
    expect(labelsHash(canonicalLabels({ topic: 'flight.events' }))).not.toBe(a);
    // A value that looks like two labels is not two labels.
    expect(labelsHash(canonicalLabels({ a: '1","b":"2' }))).not.toBe(
      labelsHash(canonicalLabels({ a: '1', b: '2' })),
    );
  });
});

describe('the rows of a snapshot', () => {
  it('are one per sample, in parallel columns, with the snapshot’s key as scalars', () => {
    const rows = snapshotRows(snapshot);
    expect(rows.service).toBe('fee-calculator');
    expect(rows.instance).toBe('host-42');
    expect(rows.takenAt).toBe('2026-12-04T13:30:15.123Z');
    expect(rows.names).toEqual([
      'overfly_messages_consumed_total',
      'process_resident_memory_bytes',
      'overfly_handle_seconds_bucket',
    ]);
    expect(rows.kinds).toEqual(['COUNTER', 'GAUGE', 'HISTOGRAM']);
    expect(rows.labels).toEqual([
      '{"partition":"0","topic":"fir.crossings"}',
      '{}',
      '{"le":"+Inf"}',
    ]);
    expect(rows.labelsHashes).toEqual(rows.labels.map(labelsHash));
    expect(rows.values).toEqual([12, 1.5e8, 7]);
    expect(rows.duplicates).toBe(0);
  });

  it('keep the first sample of a series a snapshot repeats, and count the others', () => {
    const repeated = {
      ...snapshot,
      samples: [
        ...snapshot.samples,
        { ...snapshot.samples[0]!, labels: { partition: '0', topic: 'fir.crossings' }, value: 99 },
      ],
    };
    const rows = snapshotRows(repeated);
    expect(rows.names).toHaveLength(3);
    expect(rows.values[0]).toBe(12);
    expect(rows.duplicates).toBe(1);
  });

  it('tell apart samples of one name with other labels, and of other names with the same labels', () => {
    const rows = snapshotRows({
      ...snapshot,
      samples: [
        { name: 'a_total', kind: 'COUNTER', labels: { x: '1' }, value: 1 },
        { name: 'a_total', kind: 'COUNTER', labels: { x: '2' }, value: 2 },
        { name: 'b_total', kind: 'COUNTER', labels: { x: '1' }, value: 3 },
      ],
    });
    expect(rows.values).toEqual([1, 2, 3]);
    expect(rows.duplicates).toBe(0);
  });

  it('keep values PostgreSQL’s double precision holds as they are: NaN and infinities too', () => {
    const rows = snapshotRows({
      ...snapshot,
      samples: [
        { name: 'g', kind: 'GAUGE', labels: {}, value: Number.NaN },
        { name: 'h', kind: 'GAUGE', labels: {}, value: Number.POSITIVE_INFINITY },
      ],
    });
    expect(rows.values).toEqual([Number.NaN, Number.POSITIVE_INFINITY]);
  });
});
