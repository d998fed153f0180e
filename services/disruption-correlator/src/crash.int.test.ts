import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { committedTotal, isolatedRuntime } from '../../../tests/support/kafka-runtime.js';
import { waitFor } from '../../../tests/support/wait-for.js';
import { eventTimeOfRecord, handMadeDay } from './test-support/day.js';
import { at } from './test-support/records.js';
import {
  expectedOutputs,
  publishRecords,
  readDisruptions,
  readPassengerEvents,
  startCorrelatorProcess,
} from './test-support/service.js';

type Runtime = Awaited<ReturnType<typeof isolatedRuntime>>['runtime'];

/** Waits until the service has published every expected disruption; returns what it read. */
async function finished(
  runtime: Runtime,
  expected: ReturnType<typeof expectedOutputs>,
  run: ReturnType<typeof startCorrelatorProcess>,
) {
  return waitFor(
    async () => {
      if (run.child.exitCode !== null) throw new Error(`service exited:\n${run.output()}`);
      const read = await readDisruptions(runtime);
      if (read.byEventId.size < expected.disruptions.length) return null;
      const passengers = await readPassengerEvents(runtime);
      return passengers.byEventId.size >= expected.passengers.length
        ? { ...read, passengers }
        : null;
    },
    { timeoutMs: 120_000, intervalMs: 500, message: 'every disruption of the day' },
  );
}

describe('disruption-correlator killed with SIGKILL', () => {
  it('publishes the same disruptions and passenger decisions as an undisturbed run, nothing different sent again, after 3 kills', {
    timeout: 420_000,
  }, async () => {
    const day = handMadeDay();
    const expected = expectedOutputs(day);
    expect(expected.passengers.length).toBeGreaterThan(0);
    const calm = await isolatedRuntime('correlator-calm');
    const killed = await isolatedRuntime('correlator-killed');

    await publishRecords(calm.runtime, day);
    const reference = startCorrelatorProcess(calm.prefix);
    let calmRead: Awaited<ReturnType<typeof finished>>;
    try {
      calmRead = await finished(calm.runtime, expected, reference);
    } finally {
      reference.child.kill('SIGTERM');
      await once(reference.child, 'exit');
    }

    // The day in four parts by event time, each published while the service is down (a
    // part published under a running service would find some partitions idle and others
    // not: inputs behind the watermark, which no two runs fold alike). The first and third
    // runs are killed as soon as a snapshot of their own is committed; the second takes no
    // snapshot (CHECKPOINT_INTERVAL 1h) and is killed once it has published: the next run
    // starts from an older snapshot and derives those publications again.
    const bounds = [at('09:00'), at('12:00'), at('15:00'), Infinity];
    const parts = bounds.map((end, i) =>
      day.filter(
        (r) => eventTimeOfRecord(r) < end && eventTimeOfRecord(r) >= (bounds[i - 1] ?? -Infinity),
      ),
    );
    const group = `${killed.prefix}disruption-correlator`;
    const committed = async () => {
      let total = 0;
      for (const topic of [
        'flight.events',
        'flight.schedules',
        'external.weather',
        'passenger.manifests',
      ])
        total += await committedTotal(group, `${killed.prefix}${topic}`);
      return total;
    };
    const kills: string[] = [];
    for (const [i, part] of parts.slice(0, -1).entries()) {
      await publishRecords(killed.runtime, part);
      const unsnapshotted = i === 1;
      const offsets = await committed();
      const records = (await readDisruptions(killed.runtime)).records;
      const run = startCorrelatorProcess(
        killed.prefix,
        unsnapshotted ? { CHECKPOINT_INTERVAL: '1h' } : {},
      );
      await waitFor(
        async () => {
          if (run.child.exitCode !== null)
            throw new Error(`service exited early:\n${run.output()}`);
          return unsnapshotted
            ? (await readDisruptions(killed.runtime)).records > records
            : (await committed()) > offsets;
        },
        { timeoutMs: 120_000, intervalMs: 50, message: `progress of run ${i + 1}` },
      );
      run.child.kill('SIGKILL');
      await once(run.child, 'exit');
      kills.push(
        `${await committed()} committed, ${(await readDisruptions(killed.runtime)).records} published`,
      );
    }
    await publishRecords(killed.runtime, parts.at(-1) ?? []);
    const last = startCorrelatorProcess(killed.prefix);
    let killedRead: Awaited<ReturnType<typeof finished>>;
    try {
      killedRead = await finished(killed.runtime, expected, last);
    } finally {
      last.child.kill('SIGTERM');
      await once(last.child, 'exit');
    }

    expect(kills).toHaveLength(3);
    expect(calmRead.conflicts).toEqual([]);
    expect(killedRead.conflicts).toEqual([]);
    expect([...killedRead.byEventId.keys()].sort()).toEqual([...calmRead.byEventId.keys()].sort());
    for (const [id, json] of calmRead.byEventId)
      expect(killedRead.byEventId.get(id), id).toBe(json);
    expect(calmRead.byEventId.size).toBe(expected.disruptions.length);
    // The passengers' decisions: the same ids, each sent again byte for byte the same.
    expect(calmRead.passengers.conflicts).toEqual([]);
    expect(killedRead.passengers.conflicts).toEqual([]);
    expect([...killedRead.passengers.byEventId.keys()].sort()).toEqual(
      expected.passengers.map((p) => p.eventId).sort(),
    );
    expect([...calmRead.passengers.byEventId.keys()].sort()).toEqual(
      expected.passengers.map((p) => p.eventId).sort(),
    );
    // The run without a snapshot published (its wait above) and was killed; the next run
    // restored the older snapshot and derived those publications again, and sent none of
    // them a second time: what was sent stands (durable/sent-since.ts).
    expect(killedRead.records).toBe(killedRead.byEventId.size);
    console.log(
      `killed at: ${kills.join('; ')} (of ${day.length} inputs); ${calmRead.byEventId.size} disruption events in both runs, ${killedRead.records} records written by the killed runs, ${calmRead.records} by the calm one; ${calmRead.passengers.byEventId.size} passenger decisions, ${killedRead.passengers.records} records written by the killed runs`,
    );
  });
});
