/**
 * fee-calculator: fir.crossings → charges.calculated (EUROCONTROL en-route charges).
 * Stateless: at least once in, the same charge (deterministic chargeId) out.
 */
import { hostname } from 'node:os';
import { defaultAircraftTables, defaultTariff, loadTariff } from '@overfly/charges';
import { createKafkaRuntime, installGracefulShutdown } from '@overfly/kafka';
import {
  createLogger,
  createMetrics,
  startMetricsPublisher,
  startOpsServer,
} from '@overfly/observability';
import type { FirCrossing } from '@overfly/schemas';
import { loadFeeConfig } from './config.js';
import { chargeRecord } from './pricer.js';

const SERVICE = 'fee-calculator';
const config = loadFeeConfig();
const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
const instance = `${hostname()}-${process.pid}`;
const metrics = createMetrics({ service: SERVICE, instance });
const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean) ?? [];

const context = loadTablesOrExit();
logger.info(
  { tariffVersion: context.tariff.version, tariff: config.TARIFF_DIR ?? 'bundled' },
  'tariff loaded',
);

/** A bad tariff or aircraft table is an operator's mistake: say which and stop. */
function loadTablesOrExit() {
  try {
    return {
      tariff: config.TARIFF_DIR ? loadTariff(config.TARIFF_DIR) : defaultTariff(),
      aircraft: defaultAircraftTables({
        registries: list(config.AIRCRAFT_REGISTRY),
        mtowOverrides: list(config.MTOW_OVERRIDES),
      }),
      options: { distanceBasis: config.DISTANCE_BASIS },
    };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    process.stderr.write(
      `fee-calculator: cannot load the tariff or aircraft tables: ${typeof code === 'string' ? `${code}: ` : ''}${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
}

const runtime = createKafkaRuntime({
  brokers: [...config.KAFKA_BROKERS],
  registryUrl: config.SCHEMA_REGISTRY_URL,
  service: SERVICE,
  logger,
  topicPrefix: config.TOPIC_PREFIX,
});
await runtime.ensureTopics();
const producer = await runtime.producer();
const priced = metrics.counter('overfly_charges_total', 'Charges calculated', ['status']);

const loop = await runtime.consume({
  groupId: config.KAFKA_GROUP_ID,
  topics: ['fir.crossings'],
  fromBeginning: true,
  handleBatch: async (messages) => {
    const now = Date.now();
    const records = [];
    for (const m of messages) {
      if (m.value === null) continue;
      const record = chargeRecord(m.value as FirCrossing, context, now);
      records.push(record);
    }
    await producer.send('charges.calculated', records);
    for (const r of records) priced.inc({ status: r.value?.status ?? 'UNKNOWN' });
  },
});

const ops =
  config.METRICS_PORT === undefined
    ? null
    : await startOpsServer({ port: config.METRICS_PORT, registry: metrics.registry });
const publisher = startMetricsPublisher({
  registry: metrics.registry,
  service: SERVICE,
  instance,
  intervalMs: config.METRICS_PUBLISH_INTERVAL,
  publish: (snapshot) => producer.send('system.metrics', [{ key: SERVICE, value: snapshot }]),
  onError: (error) => logger.warn({ error: String(error) }, 'metrics snapshot not published'),
});
logger.info({ group: config.KAFKA_GROUP_ID }, 'fee-calculator running');

installGracefulShutdown({
  deadlineMs: config.SHUTDOWN_TIMEOUT,
  logger,
  steps: [
    { name: 'consumer', close: () => loop.stop() },
    { name: 'metrics publisher', close: () => publisher.stop() },
    { name: 'kafka', close: () => runtime.close() },
    { name: 'ops server', close: async () => ops?.close() },
  ],
});
