import { hostname } from 'node:os';
import {
  catalogueTopicsOf,
  componentName,
  createKafkaRuntime,
  type KafkaRuntime,
  type PlatformComponent,
} from '@overfly/kafka';
import {
  createHealthChecks,
  createLogger,
  createMetrics,
  type HealthChecks,
  type Logger,
  type LogLevel,
  type Metrics,
  type OpsServer,
  startMetricsPublisher,
  startOpsServer,
} from '@overfly/observability';
import { kafkaMetrics } from './kafka-metrics.js';
import { describeError } from './load-or-exit.js';
import { installGracefulShutdown } from './shutdown.js';
import { upstreamMetrics } from './upstream-metrics.js';

/** The part of every service's configuration (packages/config `commonConfig`) the kit reads. */
export interface ServiceBaseConfig {
  LOG_LEVEL: LogLevel;
  KAFKA_BROKERS: readonly string[];
  SCHEMA_REGISTRY_URL: string;
  KAFKA_CLIENT_ID?: string | undefined;
  TOPIC_PREFIX: string;
  METRICS_PORT?: number | undefined;
  METRICS_PUBLISH_INTERVAL: number;
  SHUTDOWN_TIMEOUT: number;
  /** How long Kafka work waits for a broker or registry that is away (packages/kafka's default when unset). */
  KAFKA_OUTAGE_TOLERANCE?: number | undefined;
}

export interface ShutdownStep {
  name: string;
  close: () => Promise<void>;
}

export interface Service {
  readonly name: string;
  /** `<host>-<pid>`: tells two replicas of one service apart in metrics. */
  readonly instance: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly runtime: KafkaRuntime;
  /** Readiness checks behind /health/ready; a service registers what it depends on. */
  readonly health: HealthChecks;
  /** The ops server's port (/metrics, /health/*), or null when METRICS_PORT is unset. */
  readonly opsPort: number | null;
  /**
   * A step closed on shutdown before the metrics publisher and Kafka: the service's own
   * consumer loops and modes, in the order they are added.
   */
  closeFirst(step: ShutdownStep): void;
  /** A step closed after Kafka, e.g. a database pool the consumer loops wrote through. */
  closeLast(step: ShutdownStep): void;
  /** Shuts down now, as a signal would; exits 1 instead of 0 when `failed`. */
  shutdown(options?: { failed?: boolean }): Promise<void>;
}

export interface StartServiceOptions {
  /** Create the catalogue's missing topics and refuse changed ones (default true). */
  ensureTopics?: boolean;
  /** Injected in tests; `process.exit` otherwise. */
  exit?: (code: number) => void;
  /** Signals that start a graceful shutdown (default SIGTERM and SIGINT). */
  signals?: readonly NodeJS.Signals[];
}

/**
 * The shell every service shares: logger, metrics, the Kafka runtime (topics ensured),
 * the ops server, the metrics publisher to system.metrics, and a graceful shutdown that
 * closes the service's own steps first, then the publisher, Kafka, the ops server and
 * the `closeLast` steps. The service adds its work between start and shutdown.
 */
export async function startService(
  name: string,
  config: ServiceBaseConfig,
  options: StartServiceOptions = {},
): Promise<Service> {
  const logger = createLogger({ service: name, level: config.LOG_LEVEL });
  const instance = `${hostname()}-${process.pid}`;
  const metrics = createMetrics({ service: name, instance });
  upstreamMetrics(metrics);
  const health = createHealthChecks();
  const runtime = createKafkaRuntime({
    brokers: [...config.KAFKA_BROKERS],
    registryUrl: config.SCHEMA_REGISTRY_URL,
    service: config.KAFKA_CLIENT_ID ?? name,
    logger,
    topicPrefix: config.TOPIC_PREFIX,
    instruments: kafkaMetrics(metrics),
    ...(config.KAFKA_OUTAGE_TOLERANCE === undefined
      ? {}
      : { outage: { toleranceMs: config.KAFKA_OUTAGE_TOLERANCE } }),
  });
  // Ready only while nothing waits for the broker or the registry; the failing check says
  // what waits and since when.
  for (const component of ['kafka', 'registry'] as const)
    health.register({ name: component, check: async () => waitsFor(runtime, component) });

  const first: ShutdownStep[] = [];
  const last: ShutdownStep[] = [];
  let ops: OpsServer | null = null;
  let publisher: { stop(): Promise<void> } | null = null;
  let failed = false;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  // Installed before anything that can take long (topics, restores), so a SIGTERM during
  // start-up still closes what is open. The list is read when the shutdown runs.
  const steps: ShutdownStep[] = [];
  const runShutdown = installGracefulShutdown({
    deadlineMs: config.SHUTDOWN_TIMEOUT,
    logger,
    exit: (code) => exit(failed && code === 0 ? 1 : code),
    ...(options.signals ? { signals: options.signals } : {}),
    steps,
  });
  const orderSteps = () => {
    steps.splice(
      0,
      steps.length,
      ...first,
      { name: 'metrics publisher', close: async () => publisher?.stop() },
      { name: 'kafka', close: () => runtime.close() },
      { name: 'ops server', close: async () => ops?.close() },
      ...last,
    );
  };
  orderSteps();

  // The ops server first: while start-up waits for the platform, /health/ready says so.
  if (config.METRICS_PORT !== undefined) {
    ops = await startOpsServer({ port: config.METRICS_PORT, registry: metrics.registry, health });
  }
  try {
    if (options.ensureTopics ?? true) await runtime.ensureTopics();
    // The schemas of what the service writes and reads, known before its first record: a
    // registry outage later stops none of it (waits here while the registry is away).
    await runtime.prepareSchemas(catalogueTopicsOf(name));
  } catch (error) {
    // Past the outage tolerance, or topics unlike the catalogue's: one line that says
    // which, then the usual shutdown with exit 1, not an unhandled rejection's stack.
    logger.fatal({ error: describeError(error) }, 'cannot start');
    failed = true;
    await runShutdown();
    throw error;
  }
  publisher = startMetricsPublisher({
    registry: metrics.registry,
    service: name,
    instance,
    intervalMs: config.METRICS_PUBLISH_INTERVAL,
    publish: async (snapshot) =>
      (await runtime.producer()).send('system.metrics', [{ key: name, value: snapshot }]),
    onError: (error) => logger.warn({ error: String(error) }, 'metrics snapshot not published'),
  });

  return {
    name,
    instance,
    logger,
    metrics,
    runtime,
    health,
    opsPort: ops?.port ?? null,
    closeFirst(step) {
      first.push(step);
      orderSteps();
    },
    closeLast(step) {
      last.push(step);
      orderSteps();
    },
    shutdown(shutdownOptions = {}) {
      if (shutdownOptions.failed) failed = true;
      return runShutdown();
    },
  };
}

/** Fails, naming what waits and since when, while anything waits for `component`. */
function waitsFor(runtime: KafkaRuntime, component: PlatformComponent): void {
  const waits = runtime.waitingFor(component);
  if (waits.length === 0) return;
  const since = new Date(waits[0]!.since).toISOString();
  throw new Error(
    `waiting for ${componentName(component)} since ${since}: ${waits.map((w) => w.what).join('; ')}`,
  );
}
