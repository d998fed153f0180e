import { afterEach, describe, expect, it, vi } from 'vitest';
import { type KafkaInstruments, NO_INSTRUMENTS } from './instruments.js';
import {
  type LagAdmin,
  LagSampler,
  type LagSamplerOptions,
  type PartitionFacts,
  positionOf,
} from './lag-sampler.js';
import { silentLogger } from './logger.js';

const facts = (over: Partial<PartitionFacts>): PartitionFacts => ({
  high: 100n,
  low: 10n,
  handled: null,
  committed: null,
  fromBeginning: false,
  latestEnd: null,
  ...over,
});

describe('positionOf: where a member stands on a partition', () => {
  it('takes the offset after the last handled batch first, even behind the commit', () => {
    expect(positionOf(facts({ handled: 42n, committed: 60n }))).toEqual({
      next: 42n,
      basis: 'handled',
    });
  });

  it("takes the group's committed offset when no batch was handled since the assignment", () => {
    expect(positionOf(facts({ committed: 60n }))).toEqual({ next: 60n, basis: 'committed' });
    // At either end of the log is still a position the broker serves.
    expect(positionOf(facts({ committed: 10n })).basis).toBe('committed');
    expect(positionOf(facts({ committed: 100n })).basis).toBe('committed');
  });

  it('reads from the low watermark with fromBeginning when nothing (valid) is committed', () => {
    expect(positionOf(facts({ fromBeginning: true }))).toEqual({ next: 10n, basis: 'earliest' });
    // Committed below the low watermark (retention took it): the offset reset applies.
    expect(positionOf(facts({ fromBeginning: true, committed: 3n }))).toEqual({
      next: 10n,
      basis: 'earliest',
    });
  });

  it('reads from the end pinned by the first sample without fromBeginning', () => {
    expect(positionOf(facts({}))).toEqual({ next: 100n, basis: 'latest' });
    expect(positionOf(facts({ latestEnd: 70n }))).toEqual({ next: 70n, basis: 'latest' });
    expect(positionOf(facts({ committed: 120n, latestEnd: 70n })).basis).toBe('latest');
  });
});

interface Sampled {
  group: string;
  topic: string;
  partition: number;
  lag: number;
}

/** A broker seen through the two admin requests, with answers the test sets. */
function fakeBroker() {
  const state = {
    ends: new Map<string, Array<{ partition: number; high: string; low: string }>>(),
    commits: new Map<string, Array<{ partition: number; offset: string }>>(),
    failing: false,
    calls: 0,
    /** When set, requests wait for it. */
    gate: null as Promise<void> | null,
  };
  const admin: LagAdmin = {
    async fetchTopicOffsets(topic) {
      state.calls++;
      if (state.gate) await state.gate;
      if (state.failing) throw new Error('Connection error: ECONNREFUSED');
      return state.ends.get(topic) ?? [];
    },
    async fetchOffsets({ topics }) {
      if (state.gate) await state.gate;
      if (state.failing) throw new Error('Connection error: ECONNREFUSED');
      return topics.map((topic) => ({ topic, partitions: state.commits.get(topic) ?? [] }));
    },
  };
  return { state, admin };
}

function setUp(over: Partial<LagSamplerOptions> = {}) {
  const broker = fakeBroker();
  const member = {
    generation: 1,
    partitions: { 'px.flights.updates': [0, 1] } as Record<string, number[]>,
  };
  const sampled: Sampled[] = [];
  const instruments: KafkaInstruments = {
    ...NO_INSTRUMENTS,
    lagSampled(group, topic, partition, lag) {
      sampled.push({ group, topic, partition, lag });
    },
  };
  const warnings: string[] = [];
  const logger = {
    ...silentLogger,
    warn: (_: object, msg?: string) => {
      warnings.push(msg ?? '');
    },
  };
  const sampler = new LagSampler({
    groupId: 'g',
    topicPrefix: 'px.',
    fromBeginning: true,
    intervalMs: 1_000,
    instruments,
    logger,
    source: {
      assignment: () => ({ generation: member.generation, partitions: member.partitions }),
      admin: async () => broker.admin,
    },
    ...over,
  });
  broker.state.ends.set('px.flights.updates', [
    { partition: 0, high: '50', low: '0' },
    { partition: 1, high: '30', low: '5' },
  ]);
  return { broker, member, sampled, warnings, sampler };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('LagSampler', () => {
  it('reports high watermark minus position per held partition, catalogue topic names', async () => {
    const { broker, sampler, sampled } = setUp();
    broker.state.commits.set('px.flights.updates', [
      { partition: 0, offset: '20' },
      { partition: 1, offset: '-1' },
    ]);
    sampler.handled('px.flights.updates', 1, 28n);
    expect(await sampler.sample()).toBe('sampled');
    expect(sampled).toEqual([
      { group: 'g', topic: 'flights.updates', partition: 0, lag: 30 },
      { group: 'g', topic: 'flights.updates', partition: 1, lag: 2 },
    ]);
  });

  it('forgets handled positions of an earlier generation: the commit counts again', async () => {
    const { broker, member, sampler, sampled } = setUp();
    broker.state.commits.set('px.flights.updates', [
      { partition: 0, offset: '20' },
      { partition: 1, offset: '25' },
    ]);
    sampler.handled('px.flights.updates', 0, 50n);
    member.generation = 2;
    await sampler.sample();
    expect(sampled.map((s) => s.lag)).toEqual([30, 5]);
  });

  it('drops a sample whose assignment changed while the offsets were fetched', async () => {
    const { broker, member, sampler, sampled } = setUp();
    let open = () => {};
    broker.state.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const sampling = sampler.sample();
    // Fetched while the group moves partition 1 elsewhere.
    await vi.waitFor(() => expect(broker.state.calls).toBe(1));
    member.generation = 2;
    member.partitions = { 'px.flights.updates': [0] };
    open();
    expect(await sampling).toBe('reassigned');
    expect(sampled).toEqual([]);
    // The next one measures the new assignment.
    broker.state.gate = null;
    expect(await sampler.sample()).toBe('sampled');
    expect(sampled.map((s) => s.partition)).toEqual([0]);
  });

  it('never runs two samples at once', async () => {
    const { broker, sampler } = setUp();
    let open = () => {};
    broker.state.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const first = sampler.sample();
    expect(await sampler.sample()).toBe('busy');
    open();
    expect(await first).toBe('sampled');
    expect(broker.state.calls).toBe(1);
  });

  it('without fromBeginning, counts what was written after the first sample of a generation', async () => {
    const { broker, member, sampler, sampled } = setUp({ fromBeginning: false });
    member.partitions = { 'px.flights.updates': [0] };
    await sampler.sample();
    broker.state.ends.set('px.flights.updates', [{ partition: 0, high: '58', low: '0' }]);
    await sampler.sample();
    // A new generation looks at the end again.
    member.generation = 2;
    await sampler.sample();
    expect(sampled.map((s) => s.lag)).toEqual([0, 8, 0]);
  });

  it('skips failed samples, warns once per outage, and stops with stop()', async () => {
    vi.useFakeTimers();
    const { broker, sampler, sampled, warnings } = setUp();
    broker.state.failing = true;
    sampler.start();
    await vi.advanceTimersByTimeAsync(10_500);
    expect(broker.state.calls).toBe(11);
    expect(warnings).toHaveLength(1);
    expect(sampled).toEqual([]);
    broker.state.failing = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sampled.length).toBe(2);
    // A second outage is said again, once.
    broker.state.failing = true;
    await vi.advanceTimersByTimeAsync(3_000);
    expect(warnings).toHaveLength(2);
    sampler.stop();
    const calls = broker.state.calls;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(broker.state.calls).toBe(calls);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reports nothing from a sample that ends after stop()', async () => {
    const { broker, sampler, sampled } = setUp();
    let open = () => {};
    broker.state.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const sampling = sampler.sample();
    sampler.stop();
    open();
    expect(await sampling).toBe('stopped');
    expect(sampled).toEqual([]);
  });

  it('never samples with an interval of 0', async () => {
    vi.useFakeTimers();
    const { broker, sampler } = setUp({ intervalMs: 0 });
    sampler.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(broker.state.calls).toBe(0);
  });
});
