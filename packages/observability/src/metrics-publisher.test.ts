import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ObservabilityError } from './errors.js';
import { createMetrics } from './metrics.js';
import { startMetricsPublisher } from './metrics-publisher.js';
import type { MetricsSnapshot } from './metrics-snapshot.js';

const TAKEN_AT = Date.UTC(2025, 0, 1);

function setup(publish: (snapshot: MetricsSnapshot) => Promise<void>) {
  const metrics = createMetrics({
    service: 'fee-calculator',
    instance: 'fc-1',
    collectDefaults: false,
  });
  const errors: ObservabilityError[] = [];
  const publisher = startMetricsPublisher({
    registry: metrics.registry,
    service: metrics.service,
    instance: metrics.instance,
    intervalMs: 1_000,
    publish,
    onError: (error) => errors.push(error),
    now: () => TAKEN_AT,
  });
  return { metrics, publisher, errors };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('startMetricsPublisher', () => {
  it('converts a counter, a gauge and a histogram into flat samples', async () => {
    const snapshots: MetricsSnapshot[] = [];
    const { metrics, publisher } = setup(async (snapshot) => {
      snapshots.push(snapshot);
    });
    metrics.counter('overfly_charges_total', 'Charges calculated', ['fir']).inc({ fir: 'EGTT' }, 2);
    metrics.gauge('overfly_consumer_lag', 'Messages behind').set(7);
    const latency = metrics.histogram('overfly_charge_seconds', 'Time per charge', [], [0.1, 1]);
    latency.observe(0.05);
    latency.observe(0.5);

    await vi.advanceTimersByTimeAsync(1_000);
    await publisher.stop();

    const [snapshot] = snapshots;
    expect(snapshot?.service).toBe('fee-calculator');
    expect(snapshot?.instance).toBe('fc-1');
    expect(snapshot?.takenAt).toBe(TAKEN_AT);
    const service = 'fee-calculator';
    expect(snapshot?.samples).toEqual([
      {
        name: 'overfly_charges_total',
        kind: 'COUNTER',
        labels: { fir: 'EGTT', service },
        value: 2,
      },
      { name: 'overfly_consumer_lag', kind: 'GAUGE', labels: { service }, value: 7 },
      {
        name: 'overfly_charge_seconds_bucket',
        kind: 'HISTOGRAM',
        labels: { le: '0.1', service },
        value: 1,
      },
      {
        name: 'overfly_charge_seconds_bucket',
        kind: 'HISTOGRAM',
        labels: { le: '1', service },
        value: 2,
      },
      {
        name: 'overfly_charge_seconds_bucket',
        kind: 'HISTOGRAM',
        labels: { le: '+Inf', service },
        value: 2,
      },
      { name: 'overfly_charge_seconds_sum', kind: 'HISTOGRAM', labels: { service }, value: 0.55 },
      { name: 'overfly_charge_seconds_count', kind: 'HISTOGRAM', labels: { service }, value: 2 },
    ]);
  });

  it('publishes every interval', async () => {
    const publish = vi.fn(async (_snapshot: MetricsSnapshot) => {});
    const { publisher } = setup(publish);
    await vi.advanceTimersByTimeAsync(999);
    expect(publish).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(publish).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(publish).toHaveBeenCalledTimes(3);
    await publisher.stop();
  });

  it('never runs two publishes at once when one is slower than the interval', async () => {
    let running = 0;
    let mostAtOnce = 0;
    const slow = deferred();
    const publish = vi.fn(async () => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await slow.promise;
      running -= 1;
    });
    const { publisher } = setup(publish);

    await vi.advanceTimersByTimeAsync(5_000);
    expect(publish).toHaveBeenCalledTimes(1);

    slow.resolve();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(publish).toHaveBeenCalledTimes(2);
    expect(mostAtOnce).toBe(1);
    await publisher.stop();
  });

  it('reports a failing publish and keeps publishing', async () => {
    const publish = vi
      .fn(async (_snapshot: MetricsSnapshot) => {})
      .mockRejectedValueOnce(new Error('broker not available'));
    const { publisher, errors } = setup(publish);

    await vi.advanceTimersByTimeAsync(1_000);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: 'OBSERVABILITY_METRICS_PUBLISH_FAILED',
      retriable: true,
    });
    expect(errors[0]?.message).toContain('broker not available');
    expect(errors[0]?.cause).toEqual(new Error('broker not available'));

    await vi.advanceTimersByTimeAsync(1_000);
    expect(publish).toHaveBeenCalledTimes(2);
    expect(errors).toHaveLength(1);
    await publisher.stop();
  });

  it('publishes a final snapshot on stop, after the one in flight, and then stops', async () => {
    const order: string[] = [];
    const slow = deferred();
    const { metrics, publisher } = setup(async (snapshot) => {
      const value = snapshot.samples.find((sample) => sample.name === 'overfly_flights_total');
      order.push(`start ${value?.value}`);
      if (order.length === 1) await slow.promise;
      order.push(`end ${value?.value}`);
    });
    const flights = metrics.counter('overfly_flights_total', 'Flights seen');
    flights.inc();
    await vi.advanceTimersByTimeAsync(1_000);
    flights.inc();

    const stopping = publisher.stop();
    expect(publisher.stop()).toBe(stopping);
    slow.resolve();
    await stopping;
    expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);

    await vi.advanceTimersByTimeAsync(5_000);
    expect(order).toHaveLength(4);
  });

  it('survives an onError that throws', async () => {
    const metrics = createMetrics({ service: 's', instance: 'i', collectDefaults: false });
    const publish = vi.fn(async () => {
      throw new Error('down');
    });
    const publisher = startMetricsPublisher({
      registry: metrics.registry,
      service: 's',
      instance: 'i',
      intervalMs: 1_000,
      publish,
      onError: () => {
        throw new Error('logger broken');
      },
    });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(publish).toHaveBeenCalledTimes(2);
    await publisher.stop();
  });
});
