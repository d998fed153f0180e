/**
 * The batch worker: a process of its own (`pnpm --filter @overfly/api worker`, as many as
 * wanted). It reads batch.commands (START records the job if the api could not; CANCEL asks
 * it to stop), runs the jobs waiting in PostgreSQL one at a time (executor.ts), and
 * publishes each job's progress on batch.progress.
 */
import { hostname } from 'node:os';
import { createPool, isDatabaseUnavailable, migrate, watchAvailability } from '@overfly/db';
import { defaultAirports, firLayerFor } from '@overfly/geo';
import { loadOrExit, startService } from '@overfly/service-kit';
import { MIGRATIONS_DIR } from '../migrations-dir.js';
import { progressOf, specOf } from './commands.js';
import { startExecutor } from './executor.js';
import { createOperations } from './operations/index.js';
import { insertJob, requestCancel } from './store.js';
import { loadTariffShelf } from './tariff-shelf.js';
import { loadWorkerConfig } from './worker-config.js';

const SERVICE = 'api-batch-worker';
const config = loadWorkerConfig();
const worker = config.BATCH_WORKER_ID ?? `${hostname()}-${process.pid}`;
const tariffs = loadOrExit(SERVICE, 'the tariff versions of reprice jobs (BATCH_TARIFF_DIRS)', () =>
  loadTariffShelf(config.BATCH_TARIFF_DIRS),
);
const layer = loadOrExit(
  SERVICE,
  'the FIR layer of reprocess and import jobs (FIR_GEOJSON, FIR_EXCLUDE)',
  () => firLayerFor({ file: config.FIR_GEOJSON, exclude: config.FIR_EXCLUDE }),
);
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
const stopping = new AbortController();
service.closeFirst({ name: 'database wait', close: async () => stopping.abort() });

const items = metrics.counter('overfly_batch_items_total', 'Batch job items done', ['operation']);
const jobs = metrics.counter('overfly_batch_jobs_total', 'Batch jobs ended, by status', [
  'operation',
  'status',
]);

await database
  .untilAvailable(() => migrate(pool, MIGRATIONS_DIR, { schema: config.DATABASE_SCHEMA }), {
    signal: stopping.signal,
  })
  .catch(async (error: unknown): Promise<never> => {
    if (!(stopping.signal.aborted && isDatabaseUnavailable(error))) {
      logger.fatal({ error: String(error) }, 'cannot migrate the api schema');
      await service.shutdown({ failed: true });
    }
    return new Promise<never>(() => {});
  });

const producer = await runtime.producer();
const operations = createOperations({
  tariffs,
  charges: (charge) =>
    producer.send('charges.calculated', [{ key: charge.crossingId, value: charge }]),
  // Keyed by icao24 as fir-analyser keys them: an aircraft's crossings stay on one partition.
  crossings: (crossings) =>
    producer.send(
      'fir.crossings',
      crossings.map((c) => ({ key: c.icao24, value: c })),
    ),
  airspace: { layer, airports: defaultAirports(), track: { gapMs: config.FLIGHT_GAP } },
});
const seen = new Map<string, number>();
const executor = startExecutor({
  pool,
  operations,
  worker,
  leaseMs: config.BATCH_LEASE,
  pollMs: config.BATCH_POLL,
  logger,
  report: async (job) => {
    const before = seen.get(job.job_id) ?? 0;
    items.inc({ operation: job.operation }, Math.max(0, Number(job.processed) - before));
    seen.set(job.job_id, Number(job.processed));
    if (job.status !== 'RUNNING') {
      jobs.inc({ operation: job.operation, status: job.status });
      seen.delete(job.job_id);
    }
    await producer.send('batch.progress', [
      { key: job.job_id, value: progressOf(job, Date.now()) },
    ]);
  },
});
service.closeFirst({ name: 'batch executor', close: () => executor.stop() });

const commands = await runtime.consume({
  groupId: config.BATCH_GROUP_ID,
  topics: ['batch.commands'],
  fromBeginning: true,
  handle: async (m) => {
    const c = m.value;
    if (c === null) return;
    if (c.action === 'CANCEL') {
      await database.untilAvailable(() => requestCancel(pool, c.commandId, Date.now()), {
        signal: stopping.signal,
      });
      return;
    }
    if (c.action !== 'START') return;
    const parsed = specOf(c);
    const problem =
      'error' in parsed
        ? parsed.error
        : operations[parsed.spec.operation].check(parsed.spec.filters);
    if ('error' in parsed || problem !== null) {
      logger.warn({ commandId: c.commandId, reason: problem }, 'batch command refused');
      await producer.send('batch.progress', [
        {
          key: c.commandId,
          value: {
            commandId: c.commandId,
            jobName: c.jobName,
            status: 'REJECTED',
            processed: 0,
            failed: 0,
            total: null,
            message: problem,
            startedAt: null,
            updatedAt: Date.now(),
          },
        },
      ]);
      return;
    }
    await database.untilAvailable(() => insertJob(pool, parsed.spec, c.requestedAt), {
      signal: stopping.signal,
    });
    executor.wake();
  },
});
service.closeFirst({ name: 'batch commands', close: () => commands.stop() });
logger.info({ worker }, 'batch worker running');
