/**
 * invoice-writer: charges.calculated → invoice lines in PostgreSQL; consolidated invoices,
 * credit notes and the overdue job; invoice events to invoices.events through the outbox.
 * Configuration: see config.ts (every variable, default and meaning) and the README.
 */
import { createPool, isDatabaseUnavailable, migrate, watchAvailability } from '@overfly/db';
import { startService } from '@overfly/service-kit';
import { billingRuns } from './billing-runs.js';
import { loadWriterConfig } from './config.js';
import { billingJobs } from './jobs.js';
import { MIGRATIONS_DIR } from './migrations-dir.js';
import { startOutboxRelay } from './outbox-relay.js';
import { recordFailedRun } from './runs.js';
import { startScheduler } from './scheduler.js';
import { startInvoiceWriter } from './writer.js';

const SERVICE = 'invoice-writer';
const config = loadWriterConfig();
const pool = createPool({
  url: config.DATABASE_URL,
  schema: config.DATABASE_SCHEMA,
  max: config.DATABASE_POOL_SIZE,
  applicationName: SERVICE,
});
const service = await startService(SERVICE, config);
const { logger, metrics, runtime } = service;
// The pool closes last: the writer, scheduler and relay finish their work through it.
service.closeLast({ name: 'postgres', close: () => pool.end() });
// One watch on the database for all the work below: an outage is logged once, each piece of
// work waits it out, and /health/ready names PostgreSQL and why until it answers.
const database = watchAvailability(pool, { logger });
service.health.register({ name: 'postgres', check: () => database.check() });
// Ends a wait for the database (the migrations at start) when the service is told to stop.
const stopping = new AbortController();
service.closeFirst({ name: 'database wait', close: async () => stopping.abort() });
const linesWritten = metrics.counter(
  'overfly_invoice_lines_written_total',
  'Invoice lines written (new lines and replacing revisions)',
);
const deadLettered = metrics.counter(
  'overfly_invoice_charges_dead_lettered_total',
  'Charges refused and sent to dead.letter',
);
const invoicesIssued = metrics.counter(
  'overfly_invoices_issued_total',
  'Consolidated invoices issued',
);
const creditNotes = metrics.counter('overfly_credit_notes_total', 'Credit notes issued');

const migrated = await database
  .untilAvailable(() => migrate(pool, MIGRATIONS_DIR, { schema: config.DATABASE_SCHEMA }), {
    signal: stopping.signal,
  })
  .catch(async (error: unknown): Promise<never> => {
    // Stopped while waiting for the database: the shutdown under way exits the process.
    // Otherwise a migration refused or failing is the operator's to fix: one line and exit
    // 1, not a crash loop of stack traces.
    if (!(stopping.signal.aborted && isDatabaseUnavailable(error))) {
      logger.fatal({ error: String(error) }, 'cannot migrate the billing schema');
      await service.shutdown({ failed: true });
    }
    return new Promise<never>(() => {});
  });
logger.info({ applied: migrated.applied, schema: config.DATABASE_SCHEMA }, 'database migrated');

const producer = await runtime.producer();

const writer = await startInvoiceWriter({
  runtime,
  pool,
  groupId: config.KAFKA_GROUP_ID,
  physicalTopic: `${config.TOPIC_PREFIX}charges.calculated`,
  logger,
  sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT,
  kafkaCommitIntervalMs: config.KAFKA_COMMIT_INTERVAL,
  availability: database,
  observer: {
    written(lines, notes) {
      linesWritten.inc(lines);
      creditNotes.inc(notes);
    },
    deadLettered: () => deadLettered.inc(),
  },
});
const relay = startOutboxRelay(pool, producer, config.OUTBOX_INTERVAL, logger, database);
const scheduler = startScheduler(
  billingJobs(
    { consolidationAt: config.CONSOLIDATION_AT, overdueIntervalMs: config.OVERDUE_INTERVAL },
    billingRuns(pool, database, {
      dueDays: config.PAYMENT_TERMS_DAYS,
      onConsolidated: (outcome) => invoicesIssued.inc(outcome.invoices),
    }),
  ),
  {
    now: Date.now,
    logger,
    onFailure: (job, at, error) => recordFailedRun(pool, job, at, error, Date.now()),
  },
);
logger.info(
  { group: config.KAFKA_GROUP_ID, prefix: config.TOPIC_PREFIX || undefined },
  'invoice-writer running',
);

service.closeFirst({ name: 'writer', close: () => writer.stop() });
service.closeFirst({ name: 'scheduler', close: () => scheduler.stop() });
service.closeFirst({ name: 'outbox relay', close: () => relay.stop() });
