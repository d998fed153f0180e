// ops-feed in mock mode over the fixture day against the real Kafka and schema registry:
// the mock server speaks the three APIs over HTTP, the real clients and the feed publish,
// and the records are read back, Avro-decoded, from the three topics.
import { loadConfig } from '@overfly/config';
import type { IncomingMessage } from '@overfly/kafka';
import { createLogger, createMetrics } from '@overfly/observability';
import type { TopicValue } from '@overfly/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedRuntime } from '../../../tests/support/kafka-runtime.js';
import { opsFeedConfigSchema } from './config.js';
import { type BuiltFeed, buildOpsFeed } from './feed/build.js';
import { kafkaFeedSink } from './feed/sink.js';
import { FIXTURE_START, fixtureSource, manualClock } from './test-support/fixture-day.js';

type Topic = 'external.weather' | 'flight.schedules' | 'passenger.manifests';
const at = (hhmm: string) => Date.parse(`2024-09-17T${hhmm}:00Z`);

describe('ops-feed in mock mode, to Kafka', () => {
  let ctx: Awaited<ReturnType<typeof isolatedRuntime>>;
  let built: BuiltFeed;
  const clock = manualClock(FIXTURE_START);

  beforeAll(async () => {
    ctx = await isolatedRuntime('opsfeed', 'ops-feed');
    const config = loadConfig(opsFeedConfigSchema, { OPS_FEED_MODE: 'mock' });
    built = await buildOpsFeed(config, {
      logger: createLogger({
        service: 'ops-feed',
        level: process.env.TEST_LOG ? 'debug' : 'silent',
      }),
      metrics: createMetrics({ service: 'ops-feed', instance: 'test', collectDefaults: false }),
      sink: kafkaFeedSink(ctx.runtime),
      scenario: fixtureSource,
      clock,
    });
  });
  afterAll(async () => built?.close());

  const read = async <T extends Topic>(topic: T) => {
    const out: Array<IncomingMessage<TopicValue[T]>> = [];
    await ctx.runtime.readToEnd(topic, (m) => out.push(m));
    return out;
  };
  const pollAll = async () => {
    await built.feed.pollSchedules();
    await built.feed.pollWeather();
    await built.feed.pollManifests();
  };

  it('publishes the fixture’s legs, observations and manifests, keyed as the catalogue says', async () => {
    await pollAll();
    const schedules = await read('flight.schedules');
    expect(
      schedules.map((m) => [m.key, m.value?.status, m.value?.inboundScheduleId]).sort(),
    ).toEqual([
      ['BA903-20240917-EGLL', 'SCHEDULED', null],
      ['LH900-20240917-EDDF', 'SCHEDULED', null],
      ['LH901-20240917-EGLL', 'SCHEDULED', 'LH900-20240917-EDDF'],
    ]);
    const weather = await read('external.weather');
    expect(weather.map((m) => [m.key, m.value?.flightCategory, m.value?.source]).sort()).toEqual([
      ['EDDF', 'VFR', 'mock'],
      ['EGLL', 'MVFR', 'mock'],
    ]);
    const manifests = await read('passenger.manifests');
    expect(manifests.map((m) => [m.key, m.value?.passengers.length]).sort()).toEqual([
      ['BA903-20240917-EGLL', 1],
      ['LH900-20240917-EDDF', 2],
      ['LH901-20240917-EGLL', 2],
    ]);
    expect(manifests.every((m) => m.value?.scheduleId === m.key)).toBe(true);
  });

  it('publishes nothing more on a second poll of unchanged data, and only the changes later', async () => {
    await pollAll();
    expect(await read('flight.schedules')).toHaveLength(3);
    expect(await read('external.weather')).toHaveLength(2);
    expect(await read('passenger.manifests')).toHaveLength(3);

    clock.set(at('07:05'));
    await pollAll();
    const schedules = await read('flight.schedules');
    // Read partition by partition: the later records are told apart by their updatedAt.
    const later = schedules.filter((m) => m.value?.updatedAt === at('07:05'));
    expect(later.map((m) => [m.key, m.value?.status]).sort()).toEqual([
      ['BA903-20240917-EGLL', 'CANCELLED'],
      ['LH900-20240917-EDDF', 'AIRBORNE'],
      ['LH901-20240917-EGLL', 'DELAYED'],
    ]);
    const ids = schedules.map((m) => `${m.key}/${m.value?.status}`);
    expect(new Set(ids).size).toBe(ids.length);
    const weather = await read('external.weather');
    const observationIds = weather.map((m) => m.value?.observationId);
    expect(new Set(observationIds).size).toBe(4);
    expect(weather.find((m) => m.value?.reportType === 'SPECI')?.value).toMatchObject({
      stationIcao: 'EGLL',
      phenomena: ['+TSRA'],
      windGustKt: 38,
      severity: 'SEVERE',
    });
    expect(await read('passenger.manifests')).toHaveLength(3);
  });

  it('dead-letters nothing', async () => {
    const { letters } = await ctx.runtime.readDeadLetters();
    expect(letters).toEqual([]);
  });
});
