import { hostname } from 'node:os';
import { createKafkaRuntime, installGracefulShutdown } from '@overfly/kafka';
import {
  createLogger,
  createMetrics,
  type OpsServer,
  startMetricsPublisher,
  startOpsServer,
} from '@overfly/observability';
import { loadFlightProducerConfig } from './config.js';
import { runLive } from './modes/live.js';
import { replayOptionsFrom, runReplayMode } from './modes/replay.js';
import { NOT_AVAILABLE_EXIT_CODE, SIMULATE_NOT_AVAILABLE } from './modes/simulate.js';

const SERVICE = 'flight-producer';

const config = loadFlightProducerConfig();
if (config.MODE === 'simulate') {
  process.stderr.write(`${SIMULATE_NOT_AVAILABLE}\n`);
  process.exit(NOT_AVAILABLE_EXIT_CODE);
}

const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
const metrics = createMetrics({ service: SERVICE, instance: hostname() });
const runtime = createKafkaRuntime({
  brokers: [...config.KAFKA_BROKERS],
  registryUrl: config.SCHEMA_REGISTRY_URL,
  service: config.KAFKA_CLIENT_ID ?? SERVICE,
  logger,
  topicPrefix: config.TOPIC_PREFIX,
});
const ops: OpsServer | null =
  config.METRICS_PORT === undefined
    ? null
    : await startOpsServer({ port: config.METRICS_PORT, registry: metrics.registry });
const publisher = startMetricsPublisher({
  registry: metrics.registry,
  service: metrics.service,
  instance: metrics.instance,
  intervalMs: config.METRICS_PUBLISH_INTERVAL,
  publish: async (snapshot) =>
    (await runtime.producer()).send('system.metrics', [{ key: snapshot.service, value: snapshot }]),
  onError: (error) => logger.warn({ err: error }, 'metrics publish failed'),
});

const controller = new AbortController();
let running: Promise<unknown> = Promise.resolve();
let failed = false;
const shutdown = installGracefulShutdown({
  deadlineMs: config.SHUTDOWN_TIMEOUT,
  logger,
  // A failed mode still closes everything in order, then exits 1 rather than 0.
  exit: (code) => process.exit(failed ? 1 : code),
  steps: [
    {
      name: config.MODE,
      close: async () => {
        controller.abort();
        await running;
      },
    },
    { name: 'metrics publisher', close: () => publisher.stop() },
    { name: 'kafka', close: () => runtime.close() },
    { name: 'ops server', close: async () => ops?.close() },
  ],
});

try {
  await runtime.ensureTopics();
  running =
    config.MODE === 'replay'
      ? runReplayMode(replayOptionsFrom(config), {
          runtime,
          logger,
          metrics,
          signal: controller.signal,
          progressIntervalMs: config.PROGRESS_INTERVAL,
        })
      : runLive(config, { runtime, logger, metrics, signal: controller.signal });
  await running;
  // A replay that ran out of files is done; so is live mode once a signal stopped it.
  await shutdown();
} catch (error) {
  logger.fatal({ err: error, code: (error as { code?: unknown }).code }, 'flight-producer failed');
  failed = true;
  running = Promise.resolve();
  await shutdown();
}
