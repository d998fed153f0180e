/**
 * invoice-writer: charges.calculated → invoice lines in PostgreSQL; consolidated invoices,
 * credit notes and the overdue job; invoice events to invoices.events through the outbox.
 * Configuration: see config.ts (every variable, default and meaning) and the README.
 */
import { createPool, migrate } from '@overfly/db';
import { createKafkaRuntime, installGracefulShutdown } from '@overfly/kafka';
import { createLogger } from '@overfly/observability';
import { loadWriterConfig } from './config.js';
import { consolidate } from './consolidation.js';
import { MIGRATIONS_DIR } from './migrations-dir.js';
import { startOutboxRelay } from './outbox-relay.js';
import { markOverdue } from './overdue.js';
import { nextDailyRun } from './periods.js';
import { startScheduler } from './scheduler.js';
import { startInvoiceWriter } from './writer.js';

const SERVICE = 'invoice-writer';
const config = loadWriterConfig();
const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });

const pool = createPool({
  url: config.DATABASE_URL,
  schema: config.DATABASE_SCHEMA,
  max: config.DATABASE_POOL_SIZE,
  applicationName: SERVICE,
});
const migrated = await migrate(pool, MIGRATIONS_DIR, { schema: config.DATABASE_SCHEMA });
logger.info({ applied: migrated.applied, schema: config.DATABASE_SCHEMA }, 'database migrated');

const runtime = createKafkaRuntime({
  brokers: [...config.KAFKA_BROKERS],
  registryUrl: config.SCHEMA_REGISTRY_URL,
  service: SERVICE,
  logger,
  topicPrefix: config.TOPIC_PREFIX,
});
await runtime.ensureTopics();
const producer = await runtime.producer();

const writer = await startInvoiceWriter({
  runtime,
  pool,
  groupId: config.KAFKA_GROUP_ID,
  physicalTopic: `${config.TOPIC_PREFIX}charges.calculated`,
  logger,
  sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT,
  kafkaCommitIntervalMs: config.KAFKA_COMMIT_INTERVAL,
});
const relay = startOutboxRelay(pool, producer, config.OUTBOX_INTERVAL, logger);
const [hour, minute] = config.CONSOLIDATION_AT.split(':').map(Number) as [number, number];
const scheduler = startScheduler(
  [
    {
      name: 'consolidation',
      next: (now) => nextDailyRun(now + 1, hour, minute),
      run: (now) => consolidate(pool, { now, dueDays: config.PAYMENT_TERMS_DAYS }),
    },
    {
      name: 'overdue',
      next: (now) => now + config.OVERDUE_INTERVAL,
      run: (now) => markOverdue(pool, now),
    },
  ],
  { now: Date.now, logger },
);
logger.info(
  { group: config.KAFKA_GROUP_ID, prefix: config.TOPIC_PREFIX || undefined },
  'invoice-writer running',
);

installGracefulShutdown({
  deadlineMs: config.SHUTDOWN_TIMEOUT,
  logger,
  steps: [
    { name: 'writer', close: () => writer.stop() },
    { name: 'scheduler', close: () => scheduler.stop() },
    { name: 'outbox relay', close: () => relay.stop() },
    { name: 'kafka', close: () => runtime.close() },
    { name: 'postgres', close: () => pool.end() },
  ],
});
