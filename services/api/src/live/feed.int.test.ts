import type { KafkaAdmin } from '@overfly/kafka';
import { silentLogger } from '@overfly/kafka';
import type { AircraftState } from '@overfly/schemas';
import { afterAll, describe, expect, it } from 'vitest';
import { testAdmin } from '../../../../tests/support/kafka-admin.js';
import { isolatedRuntime } from '../../../../tests/support/kafka-runtime.js';
import { waitFor } from '../../../../tests/support/wait-for.js';
import { createAircraftTable } from './aircraft-table.js';
import { type LiveFeed, startLiveFeed } from './feed.js';
import { aircraftState } from './test-support/states.js';

describe('the live feed on Kafka', () => {
  let feed: LiveFeed | undefined;
  let admin: KafkaAdmin | undefined;

  afterAll(async () => {
    await feed?.stop();
    await admin?.close();
  });

  it('reads flights.state from its start into the table, tombstones removing, then follows it', async () => {
    const { runtime, prefix, open } = await isolatedRuntime('api-live', 'api');
    const producer = await runtime.producer();
    const send = (records: Array<{ key: string; value: AircraftState | null }>) =>
      producer.send('flights.state', records);
    const t = Date.now();
    await send([
      { key: 'aaaaaa', value: aircraftState('aaaaaa', t + 1_000, { callsign: 'NEW1' }) },
      // Older than what the table will hold by then: ignored (same key, same partition).
      { key: 'aaaaaa', value: aircraftState('aaaaaa', t, { callsign: 'OLD1' }) },
      { key: 'bbbbbb', value: aircraftState('bbbbbb', t) },
      { key: 'cccccc', value: aircraftState('cccccc', t) },
      { key: 'bbbbbb', value: null },
    ]);

    const table = createAircraftTable();
    admin = testAdmin('api-live-test');
    feed = await startLiveFeed({
      runtime: open('api'),
      table,
      admin,
      topicPrefix: prefix,
      logger: silentLogger,
      lagIntervalMs: 200,
    });
    expect(feed.groupId).toMatch(/^api-live-/);
    await feed.whenCaughtUp;
    expect(feed.caughtUp).toBe(true);
    expect(feed.applied).toBe(5);
    expect(feed.lag()).toBe(0);
    expect([...table.entries()].map((e) => e.state.icao24).sort()).toEqual(['aaaaaa', 'cccccc']);
    expect(table.get('aaaaaa')?.state.callsign).toBe('NEW1');

    await send([
      { key: 'dddddd', value: aircraftState('dddddd', t + 2_000) },
      { key: 'cccccc', value: null },
    ]);
    await waitFor(() => table.get('dddddd') !== undefined && table.get('cccccc') === undefined, {
      message: 'the new state and the tombstone',
    });
    const { changed, removed } = table.drain();
    expect(changed.map((e) => e.state.icao24).sort()).toEqual(['aaaaaa', 'dddddd']);
    expect(removed.sort()).toEqual(['bbbbbb', 'cccccc']);
    await waitFor(() => feed?.lag() === 0, { message: 'lag back to 0' });

    const groupId = feed.groupId;
    await feed.stop();
    feed = undefined;
    const committed = await admin.committedOffsets(groupId, `${prefix}flights.state`);
    expect([...committed.values()].every((o) => o === null)).toBe(true);
  });
});
