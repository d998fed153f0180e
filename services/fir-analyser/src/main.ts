/**
 * fir-analyser: flights.updates → fir.crossings + flight.events.
 * Configuration: see config.ts (every variable, default and meaning) and the README.
 */
import { defaultAirports } from '@overfly/geo';
import { describeError, loadOrExit, startService } from '@overfly/service-kit';
import { startAnalyser } from './analyser.js';
import { firLayerOf, loadAnalyserConfig, trackConfigOf } from './config.js';

const SERVICE = 'fir-analyser';
const config = loadAnalyserConfig();

// A bad FIR file is an operator's mistake: say which and stop, never crash-loop on a stack.
const layer = loadOrExit(
  SERVICE,
  `the FIR layer${config.FIR_GEOJSON ? ` from ${config.FIR_GEOJSON}` : ''}`,
  () => firLayerOf(config),
);
const airports = defaultAirports();

const service = await startService(SERVICE, config);
const { logger, metrics, runtime } = service;
logger.info(
  { firs: layer.firs.length, airports: airports.size, source: config.FIR_GEOJSON ?? 'bundled' },
  'FIR layer loaded',
);

// Start-up waits for a broker or registry that is away (KAFKA_OUTAGE_TOLERANCE); past that
// it stops with one line, not an unhandled rejection's stack, and exit 1.
const analyser = await startAnalyser({
  runtime,
  layer,
  airports,
  groupId: config.KAFKA_GROUP_ID,
  track: trackConfigOf(config),
  checkpointIntervalMs: config.CHECKPOINT_INTERVAL,
  restoreTimeoutMs: config.RESTORE_TIMEOUT,
  sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT,
  logger,
  metrics,
}).catch(async (error: unknown) => {
  logger.fatal({ error: describeError(error) }, 'cannot start');
  await service.shutdown({ failed: true });
  throw error;
});
service.closeFirst({ name: 'analyser (final checkpoint)', close: () => analyser.stop() });
logger.info(
  { group: config.KAFKA_GROUP_ID, prefix: config.TOPIC_PREFIX || undefined },
  'fir-analyser running',
);
