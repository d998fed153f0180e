/**
 * disruption-correlator: flight.events, flight.schedules, external.weather,
 * passenger.manifests → disruption.events, its state snapshotted to
 * disruption-correlator.state. Configuration: config.ts and the README.
 */
import { defaultAirports } from '@overfly/geo';
import { describeError, loadOrExit, startService } from '@overfly/service-kit';
import { careCostsOf, engineConfigOf, loadCorrelatorConfig } from './config.js';
import { startCorrelator } from './correlator.js';

const SERVICE = 'disruption-correlator';
const config = loadCorrelatorConfig();
const engine = loadOrExit(SERVICE, 'the engine settings', () => engineConfigOf(config));
const airports = defaultAirports();

const service = await startService(SERVICE, config);
const { logger, metrics, runtime } = service;

const inputs = metrics.counter('overfly_disruption_inputs_total', 'Inputs taken in, by topic', [
  'topic',
]);
const refused = metrics.counter(
  'overfly_disruption_inputs_refused_total',
  'Inputs refused as impossible, sent to dead.letter, by topic and code',
  ['topic', 'code'],
);
const late = metrics.counter(
  'overfly_disruption_late_inputs_total',
  'Inputs behind the watermark: still in their window (behind_watermark), folded into the state for later evaluations (folded), or older than the retention (expired)',
  ['topic', 'outcome'],
);
const published = metrics.counter(
  'overfly_disruptions_total',
  'disruption.events published, by type and lifecycle',
  ['type', 'lifecycle'],
);
const decided = metrics.counter(
  'overfly_passenger_decisions_total',
  'passenger.events published, by type',
  ['type'],
);
const watermark = metrics.gauge(
  'overfly_disruption_watermark_seconds',
  'The event-time watermark (epoch seconds)',
);
const lag = metrics.gauge(
  'overfly_disruption_watermark_lag_seconds',
  'How far the watermark trails the newest event time read on any input (event time)',
);
const open = metrics.gauge('overfly_disruption_open', 'Disruptions published and not yet resolved');
const pending = metrics.gauge(
  'overfly_disruption_pending_inputs',
  'Inputs read and waiting for the watermark',
);
const due = metrics.gauge(
  'overfly_disruption_evaluations_due',
  'Evaluation steps the watermark has passed and the engine has still to run (a backlog being worked through)',
);
const alreadySent = metrics.counter(
  'overfly_disruption_already_sent_total',
  'Publications derived again after a restart that had gone out before it, not sent again (differs: their content had changed with the order the inputs were read in)',
  ['topic', 'differs'],
);
const snapshotBytes = metrics.gauge(
  'overfly_disruption_snapshot_bytes',
  'Size of the last snapshot written (JSON bytes of its items)',
);

const correlator = await startCorrelator({
  runtime,
  groupId: config.KAFKA_GROUP_ID,
  engine,
  care: careCostsOf(config),
  locate: (icao) => {
    const a = airports.byIcao(icao);
    return a ? { lat: a.lat, lon: a.lon } : undefined;
  },
  knownAirport: (icao) => airports.byIcao(icao) !== undefined,
  maxFutureMs: config.DISRUPTION_MAX_FUTURE,
  idleTimeoutMs: config.DISRUPTION_IDLE_TIMEOUT,
  checkpointIntervalMs: config.CHECKPOINT_INTERVAL,
  restoreTimeoutMs: config.RESTORE_TIMEOUT,
  sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT,
  logger,
  observer: {
    taken: (topic, count) => inputs.inc({ topic }, count),
    refused: (topic, code) => refused.inc({ topic, code }),
    late: (topic, outcome) => late.inc({ topic, outcome }),
    published: (event) => published.inc({ type: event.type, lifecycle: event.lifecycle }),
    decided: (event) => decided.inc({ type: event.type }),
    checkpointed: (bytes) => snapshotBytes.set(bytes),
    alreadySent: (topic, differs) => alreadySent.inc({ topic, differs: String(differs) }),
    advanced: (e) => {
      if (e.watermark !== null) watermark.set(e.watermark / 1000);
      if (e.watermark !== null && e.latestEventTime !== null)
        lag.set((e.latestEventTime - e.watermark) / 1000);
      open.set(e.openDisruptions);
      pending.set(e.pendingInputs);
      due.set(e.evaluationsDue);
    },
  },
}).catch(async (error: unknown) => {
  logger.fatal({ error: describeError(error) }, 'cannot start');
  await service.shutdown({ failed: true });
  throw error;
});
service.health.register({
  name: 'inputs',
  check: async () => {
    if (!correlator.ready) throw new Error(`waiting for ${correlator.waitingFor}`);
  },
});
service.closeFirst({ name: 'correlator (final snapshot)', close: () => correlator.stop() });
logger.info(
  { group: config.KAFKA_GROUP_ID, prefix: config.TOPIC_PREFIX || undefined },
  'disruption-correlator running',
);
