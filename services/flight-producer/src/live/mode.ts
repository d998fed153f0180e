import type { KafkaRuntime } from '@overfly/kafka';
import type { Logger, Metrics } from '@overfly/observability';
import type { FlightProducerConfig } from '../config.js';
import { createOpenSkyClient } from '../opensky/index.js';
import { type Clock, systemClock } from '../publish/pacer.js';
import { createRecorder } from '../record/recorder.js';
import { createStateTracker } from '../state/state-tracker.js';
import { createLiveStep } from './live-step.js';

/**
 * Live mode: polls OpenSky every POLL_INTERVAL, publishes new positions to
 * flights.updates, current ones to flights.state, and records them when RECORD_DIR is
 * set. A failed poll is logged and the next one tried: the client already retried it.
 */
export async function runLive(
  config: FlightProducerConfig,
  deps: {
    runtime: KafkaRuntime;
    logger: Logger;
    metrics: Metrics;
    signal: AbortSignal;
    clock?: Clock;
  },
): Promise<void> {
  const clock = deps.clock ?? systemClock;
  const { runtime, logger, metrics, signal } = deps;
  const client = createOpenSkyClient({
    mode: config.OPENSKY_MODE,
    metrics,
    ...(config.OPENSKY_CLIENT_ID ? { clientId: config.OPENSKY_CLIENT_ID } : {}),
    ...(config.OPENSKY_CLIENT_SECRET ? { clientSecret: config.OPENSKY_CLIENT_SECRET } : {}),
  });
  const recorder = config.RECORD_DIR ? createRecorder(config.RECORD_DIR) : null;
  const step = createLiveStep({
    staleAfterMs: config.STALE_AFTER,
    forgetAfterMs: config.STATE_TOMBSTONE_AFTER,
    tracker: createStateTracker({
      throttleMs: config.STATE_THROTTLE,
      wallThrottleMs: config.STATE_THROTTLE,
      tombstoneAfterMs: config.STATE_TOMBSTONE_AFTER,
    }),
  });
  const published = metrics.counter(
    'overfly_positions_published_total',
    'Positions published to flights.updates',
    ['source'],
  );
  const stateRecords = metrics.counter(
    'overfly_state_records_total',
    'Records written to flights.state',
    ['kind'],
  );
  const skipped = metrics.counter(
    'overfly_live_states_skipped_total',
    'Live state vectors not published',
    ['reason'],
  );
  const producer = await runtime.producer();
  logger.info(
    { bbox: config.OPENSKY_BBOX, mode: config.OPENSKY_MODE, record: config.RECORD_DIR ?? null },
    'live starts',
  );

  try {
    while (!signal.aborted) {
      const started = clock.now();
      try {
        const result = await client.fetchStates(config.OPENSKY_BBOX);
        const out = step(result, clock.now());
        await producer.send(
          'flights.updates',
          out.updates.map((value) => ({ key: value.icao24, value })),
        );
        await producer.send('flights.state', out.states);
        await recorder?.write(out.updates, result.time * 1000);
        published.inc({ source: 'OPENSKY_LIVE' }, out.updates.length);
        const tombstones = out.states.filter((s) => s.value === null).length;
        stateRecords.inc({ kind: 'state' }, out.states.length - tombstones);
        stateRecords.inc({ kind: 'tombstone' }, tombstones);
        skipped.inc({ reason: 'repeated' }, out.repeated);
        skipped.inc({ reason: 'no_position' }, out.withoutPosition);
        skipped.inc({ reason: 'stale_for_state' }, out.stale);
      } catch (error) {
        logger.warn(
          {
            error: error instanceof Error ? error.message : String(error),
            code: (error as { code?: unknown }).code,
            creditsLeft: client.creditsLeft(),
          },
          'live poll failed; trying again at the next interval',
        );
      }
      const wait = config.POLL_INTERVAL - (clock.now() - started);
      if (wait > 0) await clock.sleep(wait, signal);
    }
  } finally {
    await client.close();
    await recorder?.close();
  }
}
