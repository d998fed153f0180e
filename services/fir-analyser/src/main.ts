/**
 * fir-analyser: flights.updates → fir.crossings + flight.events.
 * Configuration: see config.ts (every variable, default and meaning) and the README.
 */
import { hostname } from 'node:os';
import {
  bundledFirLayer,
  defaultAirports,
  defaultFirLayer,
  loadFirLayerFromFile,
} from '@overfly/geo';
import { createKafkaRuntime, installGracefulShutdown } from '@overfly/kafka';
import {
  createLogger,
  createMetrics,
  startMetricsPublisher,
  startOpsServer,
} from '@overfly/observability';
import { startAnalyser } from './analyser.js';
import { loadAnalyserConfig } from './config.js';

const SERVICE = 'fir-analyser';
const config = loadAnalyserConfig();
const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
const instance = `${hostname()}-${process.pid}`;
const metrics = createMetrics({ service: SERVICE, instance });

const exclude = config.FIR_EXCLUDE?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const layerOptions = exclude ? { exclude } : {};
const layer = loadLayerOrExit();

/** A bad FIR file is an operator's mistake: say which and stop, never crash-loop on a stack. */
function loadLayerOrExit() {
  try {
    if (config.FIR_GEOJSON) return loadFirLayerFromFile(config.FIR_GEOJSON, layerOptions);
    return exclude ? bundledFirLayer(layerOptions) : defaultFirLayer();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    process.stderr.write(
      `fir-analyser: cannot load the FIR layer${config.FIR_GEOJSON ? ` from ${config.FIR_GEOJSON}` : ''}: ${typeof code === 'string' ? `${code}: ` : ''}${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
}
const airports = defaultAirports();
logger.info(
  { firs: layer.firs.length, airports: airports.size, source: config.FIR_GEOJSON ?? 'bundled' },
  'FIR layer loaded',
);

const runtime = createKafkaRuntime({
  brokers: [...config.KAFKA_BROKERS],
  registryUrl: config.SCHEMA_REGISTRY_URL,
  service: SERVICE,
  logger,
  topicPrefix: config.TOPIC_PREFIX,
});
await runtime.ensureTopics();

const ops =
  config.METRICS_PORT === undefined
    ? null
    : await startOpsServer({ port: config.METRICS_PORT, registry: metrics.registry });
const producer = await runtime.producer();
const publisher = startMetricsPublisher({
  registry: metrics.registry,
  service: SERVICE,
  instance,
  intervalMs: config.METRICS_PUBLISH_INTERVAL,
  publish: (snapshot) => producer.send('system.metrics', [{ key: SERVICE, value: snapshot }]),
  onError: (error) => logger.warn({ error: String(error) }, 'metrics snapshot not published'),
});

const analyser = await startAnalyser({
  runtime,
  layer,
  airports,
  groupId: config.KAFKA_GROUP_ID,
  track: { latenessMs: config.LATENESS, gapMs: config.FLIGHT_GAP },
  checkpointIntervalMs: config.CHECKPOINT_INTERVAL,
  restoreTimeoutMs: config.RESTORE_TIMEOUT,
  sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT,
  logger,
  metrics,
});
logger.info(
  { group: config.KAFKA_GROUP_ID, prefix: config.TOPIC_PREFIX || undefined },
  'fir-analyser running',
);

installGracefulShutdown({
  deadlineMs: config.SHUTDOWN_TIMEOUT,
  logger,
  steps: [
    { name: 'analyser (final checkpoint)', close: () => analyser.stop() },
    { name: 'metrics publisher', close: () => publisher.stop() },
    { name: 'kafka', close: () => runtime.close() },
    { name: 'ops server', close: async () => ops?.close() },
  ],
});
