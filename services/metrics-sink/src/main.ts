/**
 * metrics-sink: system.metrics → PostgreSQL tables for Grafana (metric_samples in day
 * partitions, metric_series_latest, metric_counter_rates). Configuration: config.ts (every
 * variable, default and meaning) and the README.
 */
import { createPool, isDatabaseUnavailable, migrate, watchAvailability } from '@overfly/db';
import { startService } from '@overfly/service-kit';
import { loadSinkConfig } from './config.js';
import { maintenance } from './maintenance.js';
import { MIGRATIONS_DIR } from './migrations-dir.js';
import { startSink } from './sink.js';

const SERVICE = 'metrics-sink';
const config = loadSinkConfig();
const pool = createPool({
  url: config.DATABASE_URL,
  schema: config.DATABASE_SCHEMA,
  max: config.DATABASE_POOL_SIZE,
  applicationName: SERVICE,
});
const service = await startService(SERVICE, config);
const { logger, metrics, runtime } = service;
service.closeLast({ name: 'postgres', close: () => pool.end() });
const database = watchAvailability(pool, { logger });
service.health.register({ name: 'postgres', check: () => database.check() });
// Ready only while the consumer runs: not before it has joined, not once it stops.
let consuming = false;
service.health.register({
  name: 'consumer',
  check: async () => {
    if (!consuming) throw new Error('the system.metrics consumer is not running');
  },
});
const stopping = new AbortController();
service.closeFirst({ name: 'database wait', close: async () => stopping.abort() });

const snapshotsStored = metrics.counter(
  'overfly_metrics_sink_snapshots_stored_total',
  'Snapshots written to PostgreSQL (a redelivered one counts again, its samples do not)',
);
const samplesStored = metrics.counter(
  'overfly_metrics_sink_samples_stored_total',
  'Samples written as new rows of metric_samples',
);
const samplesRepeated = metrics.counter(
  'overfly_metrics_sink_samples_repeated_total',
  'Samples left out because their snapshot held the same series twice',
);
const snapshotsExpired = metrics.counter(
  'overfly_metrics_sink_snapshots_expired_total',
  'Snapshots read after their day was past METRICS_RETENTION, not stored',
);
const refused = metrics.counter(
  'overfly_metrics_sink_snapshots_refused_total',
  'Snapshots refused to dead.letter',
  ['code'],
);
const partitionsDropped = metrics.counter(
  'overfly_metrics_sink_partitions_dropped_total',
  'Day partitions dropped past METRICS_RETENTION',
);

const upkeep = maintenance({
  pool,
  availability: database,
  logger,
  retentionMs: config.METRICS_RETENTION,
  leadDays: config.METRICS_PARTITION_LEAD_DAYS,
  intervalMs: config.METRICS_MAINTENANCE_INTERVAL,
  onDropped: (n) => partitionsDropped.inc(n),
});

await database
  .untilAvailable(
    async () => {
      const migrated = await migrate(pool, MIGRATIONS_DIR, { schema: config.DATABASE_SCHEMA });
      logger.info(
        { applied: migrated.applied, schema: config.DATABASE_SCHEMA },
        'database migrated',
      );
      // Partitions ahead before the first insert, and the days past retention gone.
      await upkeep.run();
    },
    { signal: stopping.signal },
  )
  .catch(async (error: unknown): Promise<never> => {
    // Stopped while waiting for the database: the shutdown under way exits the process.
    // Otherwise a migration refused or failing is the operator's to fix: one line, exit 1.
    if (!(stopping.signal.aborted && isDatabaseUnavailable(error))) {
      logger.fatal({ error: String(error) }, 'cannot prepare the metrics schema');
      await service.shutdown({ failed: true });
    }
    return new Promise<never>(() => {});
  });
upkeep.start();
service.closeFirst({ name: 'partition maintenance', close: () => upkeep.stop() });

const sink = await startSink({
  runtime,
  pool,
  availability: database,
  groupId: config.KAFKA_GROUP_ID,
  logger,
  retentionMs: config.METRICS_RETENTION,
  leadDays: config.METRICS_PARTITION_LEAD_DAYS,
  batchSize: config.METRICS_BATCH_SIZE,
  sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT,
  observer: {
    stored(snapshots, samples, duplicates) {
      snapshotsStored.inc(snapshots);
      samplesStored.inc(samples);
      if (duplicates > 0) samplesRepeated.inc(duplicates);
    },
    expired: (n) => snapshotsExpired.inc(n),
    deadLettered: (code) => refused.inc({ code }),
  },
}).catch(async (error: unknown) => {
  logger.fatal({ error: String(error) }, 'cannot start');
  await service.shutdown({ failed: true });
  throw error;
});
consuming = true;
service.closeFirst({
  name: 'sink',
  close: async () => {
    consuming = false;
    await sink.stop();
  },
});
logger.info(
  {
    group: config.KAFKA_GROUP_ID,
    schema: config.DATABASE_SCHEMA,
    retention: config.METRICS_RETENTION,
    prefix: config.TOPIC_PREFIX || undefined,
  },
  'metrics-sink running',
);
