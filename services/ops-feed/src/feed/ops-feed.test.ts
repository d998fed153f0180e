// The whole feed in mock mode over the fixture day, without Kafka: the mock server speaks
// the three APIs over real HTTP, the real clients parse them, and a memory sink collects.
import { loadConfig } from '@overfly/config';
import { createLogger, createMetrics } from '@overfly/observability';
import { afterEach, describe, expect, it } from 'vitest';
import { opsFeedConfigSchema } from '../config.js';
import { createPseudonymiser } from '../manifests/pseudonymise.js';
import { recordLocator } from '../mock/wire.js';
import { FIXTURE_START, fixtureSource, manualClock } from '../test-support/fixture-day.js';
import { memorySink } from '../test-support/memory-sink.js';
import { type BuiltFeed, buildOpsFeed } from './build.js';

const at = (hhmm: string) => Date.parse(`2024-09-17T${hhmm}:00Z`);
const KEY = 'a-test-key-that-is-long-enough-for-hmac-use';
let built: BuiltFeed | undefined;
afterEach(async () => {
  await built?.close();
  built = undefined;
});

async function setup() {
  const clock = manualClock(FIXTURE_START);
  const { sink, sent } = memorySink();
  const metrics = createMetrics({
    service: 'test-ops-feed',
    instance: 'i',
    collectDefaults: false,
  });
  const logs: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    service: 'test-ops-feed',
    level: 'info',
    destination: {
      write: (line: string) => logs.push(JSON.parse(line) as Record<string, unknown>),
    },
  });
  const config = loadConfig(opsFeedConfigSchema, { OPS_FEED_MODE: 'mock', PASSENGER_ID_KEY: KEY });
  built = await buildOpsFeed(config, { logger, metrics, sink, scenario: fixtureSource, clock });
  const counter = async (name: string, labels: Record<string, string>) => {
    const metric = metrics.registry.getSingleMetric(name);
    const values = (await metric?.get())?.values ?? [];
    return values
      .filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))
      .reduce((sum, v) => sum + v.value, 0);
  };
  return { feed: built.feed, clock, sent, counter, logs };
}

describe('ops-feed in mock mode over a scenario day', () => {
  it('publishes each leg, observation and manifest once, and again only what changed', async () => {
    const { feed, clock, sent, counter } = await setup();
    await feed.pollSchedules();
    await feed.pollWeather();
    await feed.pollManifests();

    expect(
      sent['flight.schedules'].map((r) => [r.key, r.value?.status, r.value?.inboundScheduleId]),
    ).toEqual([
      ['LH900-20240917-EDDF', 'SCHEDULED', null],
      ['LH901-20240917-EGLL', 'SCHEDULED', 'LH900-20240917-EDDF'],
      ['BA903-20240917-EGLL', 'SCHEDULED', null],
    ]);
    expect(sent['flight.schedules'][0]?.value).toMatchObject({
      operatorIcao: 'DLH',
      callsign: 'DLH900',
      icao24: '3c0001',
      registration: 'D-AXXA',
      scheduledDeparture: at('06:30'),
      scheduledArrival: at('07:40'),
      source: 'mock',
      updatedAt: FIXTURE_START,
    });
    expect(
      sent['external.weather'].map((r) => [r.key, r.value?.observedAt, r.value?.severity]),
    ).toEqual([
      ['EDDF', at('04:50'), 'NONE'],
      ['EGLL', at('04:50'), 'LOW'],
    ]);
    expect(sent['passenger.manifests'].map((r) => [r.key, r.value?.passengers.length])).toEqual([
      ['LH900-20240917-EDDF', 2],
      ['BA903-20240917-EGLL', 1],
      ['LH901-20240917-EGLL', 2],
    ]);

    // Unchanged data, polled again: nothing new.
    await feed.pollSchedules();
    await feed.pollWeather();
    await feed.pollManifests();
    expect(sent['flight.schedules']).toHaveLength(3);
    expect(sent['external.weather']).toHaveLength(2);
    expect(sent['passenger.manifests']).toHaveLength(3);
    expect(
      await counter('overfly_ops_feed_unchanged_total', { topic: 'passenger.manifests' }),
    ).toBe(3);

    // 07:05: LH900 airborne, BA903 cancelled, LH901 delayed; a new METAR and the SPECI.
    clock.set(at('07:05'));
    await feed.pollSchedules();
    await feed.pollWeather();
    expect(
      sent['flight.schedules'].slice(3).map((r) => [r.key, r.value?.status, r.value?.updatedAt]),
    ).toEqual([
      ['LH900-20240917-EDDF', 'AIRBORNE', at('07:05')],
      ['LH901-20240917-EGLL', 'DELAYED', at('07:05')],
      ['BA903-20240917-EGLL', 'CANCELLED', at('07:05')],
    ]);
    expect(sent['flight.schedules'][4]?.value?.estimatedDeparture).toBe(at('09:15'));
    expect(
      sent['external.weather'].slice(2).map((r) => [r.key, r.value?.reportType, r.value?.severity]),
    ).toEqual([
      ['EDDF', 'METAR', 'NONE'],
      ['EGLL', 'SPECI', 'SEVERE'],
    ]);
    expect(await counter('overfly_ops_feed_polls_total', { outcome: 'failed' })).toBe(0);
  });

  it('pseudonymises passengers alike on both legs of their booking, with the service’s key', async () => {
    const { feed, sent } = await setup();
    await feed.pollSchedules();
    await feed.pollManifests();
    const ids = (scheduleId: string) =>
      sent['passenger.manifests']
        .find((r) => r.key === scheduleId)
        ?.value?.passengers.map((p) => p.passengerId);
    expect(ids('LH900-20240917-EDDF')).toEqual(ids('LH901-20240917-EGLL'));
    const pseudonyms = createPseudonymiser(KEY);
    expect(ids('LH900-20240917-EDDF')).toContain(
      pseudonyms.passengerId('LH', recordLocator('bk-1'), 1),
    );
    const minor = sent['passenger.manifests']
      .find((r) => r.key === 'LH900-20240917-EDDF')
      ?.value?.passengers.find((p) => p.specialAssistance.includes('UNACCOMPANIED_MINOR'));
    expect(minor).toMatchObject({
      cabinClass: 'BUSINESS',
      loyaltyTier: 'NONE',
      contactRef: null,
      finalDestinationAirport: 'EDDF',
      connection: { scheduleId: 'LH901-20240917-EGLL', minimumConnectionMinutes: 60 },
    });
  });

  it('reads the TAF for expected deterioration without publishing it', async () => {
    const { feed, counter, logs, sent } = await setup();
    await feed.pollWeather();
    expect(await counter('overfly_ops_feed_forecast_severity', { station: 'EGLL' })).toBe(4);
    expect(logs).toContainEqual(
      expect.objectContaining({
        msg: 'TAF forecasts a deterioration',
        station: 'EGLL',
        observed: 'LOW',
        forecast: 'SEVERE',
      }),
    );
    expect(
      sent['external.weather'].every((r) => r.value?.rawText?.startsWith('TAF') === false),
    ).toBe(true);
    // A second poll asks for the METARs again and takes the TAF from the client's TTL cache.
    await feed.pollWeather();
    const http = (type: string) =>
      counter('overfly_ops_feed_http_events_total', { api: 'aviationweather', type });
    expect(await http('request')).toBe(3);
    expect(await http('cache_hit')).toBe(1);
  });

  it('drops a leg’s manifest from memory, and stops fetching it, its retention after departure', async () => {
    const { feed, clock, counter } = await setup();
    await feed.pollSchedules();
    await feed.pollManifests();
    expect(await counter('overfly_ops_feed_held', { what: 'manifests' })).toBe(3);
    // 6 h (MANIFEST_KEEP_AFTER_DEPARTURE) after LH900 and BA903 departed; LH901 still held.
    clock.set(at('13:16'));
    await feed.pollManifests();
    expect(await counter('overfly_ops_feed_held', { what: 'manifests' })).toBe(1);
  });
});
