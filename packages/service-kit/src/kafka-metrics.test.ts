import { createMetrics } from '@overfly/observability';
import { describe, expect, it } from 'vitest';
import { kafkaMetrics } from './kafka-metrics.js';

/** The overfly_consumer_lag series now: "group topic/partition" → value. */
async function lagSeries(metrics: ReturnType<typeof createMetrics>): Promise<Map<string, number>> {
  const gauge = metrics.registry.getSingleMetric('overfly_consumer_lag');
  const out = new Map<string, number>();
  for (const v of (await gauge?.get())?.values ?? [])
    out.set(`${v.labels.group} ${v.labels.topic}/${v.labels.partition}`, v.value);
  return out;
}

const batch = (partition: number, lag: number) => ({
  groupId: 'g',
  topic: 'flights.updates',
  partition,
  messages: 1,
  seconds: 0.01,
  lag,
  newestTimestamp: Date.now(),
});

describe('overfly_consumer_lag', () => {
  it('takes samples only for the partitions of the last assignment', async () => {
    const metrics = createMetrics({ service: 't', instance: 'i', collectDefaults: false });
    const kafka = kafkaMetrics(metrics);
    // Before any assignment the group holds nothing.
    kafka.lagSampled('g', 'flights.updates', 0, 4);
    expect(await lagSeries(metrics)).toEqual(new Map());

    kafka.assigned('g', new Map([['flights.updates', [0, 1]]]));
    kafka.lagSampled('g', 'flights.updates', 0, 4);
    kafka.lagSampled('g', 'flights.updates', 1, 9);
    kafka.lagSampled('g', 'flights.updates', 2, 7);
    kafka.lagSampled('other', 'flights.updates', 0, 7);
    expect(await lagSeries(metrics)).toEqual(
      new Map([
        ['g flights.updates/0', 4],
        ['g flights.updates/1', 9],
      ]),
    );

    // A batch and a sample set the same series.
    kafka.batchHandled(batch(1, 0));
    expect((await lagSeries(metrics)).get('g flights.updates/1')).toBe(0);
  });

  it('removes the series of a partition gone elsewhere, and a late sample does not bring it back', async () => {
    const metrics = createMetrics({ service: 't', instance: 'i', collectDefaults: false });
    const kafka = kafkaMetrics(metrics);
    kafka.assigned('g', new Map([['flights.updates', [0, 1]]]));
    kafka.batchHandled(batch(0, 2));
    kafka.lagSampled('g', 'flights.updates', 1, 5);
    kafka.assigned('g', new Map([['flights.updates', [0]]]));
    expect(await lagSeries(metrics)).toEqual(new Map([['g flights.updates/0', 2]]));
    kafka.lagSampled('g', 'flights.updates', 1, 6);
    expect(await lagSeries(metrics)).toEqual(new Map([['g flights.updates/0', 2]]));
    // Given back: sampled again.
    kafka.assigned('g', new Map([['flights.updates', [0, 1]]]));
    kafka.lagSampled('g', 'flights.updates', 1, 3);
    expect((await lagSeries(metrics)).get('g flights.updates/1')).toBe(3);
  });
});
