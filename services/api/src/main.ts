/**
 * api: read models in PostgreSQL built from the topics, REST with JSON Schema and OpenAPI
 * (/docs), and the live aircraft stream. Configuration: config.ts and the README.
 */
import { defaultTariff } from '@overfly/charges';
import { createPool, isDatabaseUnavailable, migrate, watchAvailability } from '@overfly/db';
import { firLayerFor } from '@overfly/geo';
import { createKafkaAdmin } from '@overfly/kafka';
import { loadOrExit, startService } from '@overfly/service-kit';
import { createJwtVerifier } from './auth/jwt.js';
import { parseApiKeys } from './auth/keys.js';
import { createBatchEventHub } from './batch/events.js';
import { startBatchEventFeed } from './batch/events-feed.js';
import { createOperations } from './batch/operations/index.js';
import { cleanupJobs } from './batch/store.js';
import { loadTariffShelf } from './batch/tariff-shelf.js';
import { loadApiConfig } from './config.js';
import { createAircraftTable } from './live/aircraft-table.js';
import { startLiveFeed } from './live/feed.js';
import { createLiveHub } from './live/hub.js';
import { liveRoute } from './live/route.js';
import { MIGRATIONS_DIR } from './migrations-dir.js';
import { purgePassengerEvents } from './read-models/disruptions.js';
import { watchGroupLag } from './read-models/lag.js';
import { PROJECTED_TOPICS, startProjector } from './read-models/projector.js';
import { purgeTrackPoints } from './read-models/track-points.js';
import { airspaceRoutes } from './routes/airspace.js';
import { batchEventsRoute } from './routes/batch-events.js';
import { batchImportRoutes } from './routes/batch-imports.js';
import { batchJobRoutes } from './routes/batch-jobs.js';
import { chargeRoutes } from './routes/charges.js';
import { crossingRoutes } from './routes/crossings.js';
import { disruptionRoutes } from './routes/disruptions.js';
import { flightRoutes } from './routes/flights.js';
import { invoiceDetailRoutes } from './routes/invoice-detail.js';
import { invoicePageRoutes } from './routes/invoice-page.js';
import { invoiceRoutes } from './routes/invoices.js';
import { opsRoutes } from './routes/ops.js';
import { trackRoutes } from './routes/tracks.js';
import { webRoutes } from './routes/web.js';
import { authorizer, buildApp } from './server/app.js';
import { httpMetrics } from './server/http-metrics.js';

const SERVICE = 'api';
const config = loadApiConfig();
const keys = config.API_KEYS
  ? loadOrExit(SERVICE, 'API_KEYS', () => parseApiKeys(config.API_KEYS as string))
  : null;
const jwt = loadOrExit(SERVICE, 'the JWT settings (API_JWT_*)', () =>
  createJwtVerifier({
    secret: config.API_JWT_SECRET,
    publicKey: config.API_JWT_PUBLIC_KEY,
    issuer: config.API_JWT_ISSUER,
    audience: config.API_JWT_AUDIENCE,
    clockToleranceMs: config.API_JWT_CLOCK_TOLERANCE,
  }),
);
const firs = loadOrExit(SERVICE, 'the FIR layer (FIR_GEOJSON, FIR_EXCLUDE)', () =>
  firLayerFor({ file: config.FIR_GEOJSON, exclude: config.FIR_EXCLUDE }),
);
const tariffs = loadOrExit(SERVICE, 'the tariff versions of reprice jobs (BATCH_TARIFF_DIRS)', () =>
  loadTariffShelf(config.BATCH_TARIFF_DIRS),
);
// Charging zones of the FIRs on the globe: the tariff fee-calculator ships with.
const shippedTariff = defaultTariff();
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

const applied = metrics.counter(
  'overfly_api_read_model_records_total',
  'Records applied to the read models',
  ['topic'],
);
const lagRecords = metrics.gauge(
  'overfly_api_read_model_lag_records',
  "Records of each topic not yet in the read models (its end offsets less the group's commits)",
  ['topic'],
);
const recordAge = metrics.gauge(
  'overfly_api_read_model_record_age_seconds',
  "Age of the last record applied per topic (its Kafka timestamp to now): the read models' lag while the topic is written",
  ['topic'],
);

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

const projector = await startProjector({
  runtime,
  pool,
  availability: database,
  groupId: config.KAFKA_GROUP_ID,
  topicPrefix: config.TOPIC_PREFIX,
  sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT,
  observer: {
    applied: (topic, count, lastTimestamp) => {
      applied.inc({ topic }, count);
      recordAge.set({ topic }, Math.max(0, (Date.now() - lastTimestamp) / 1000));
    },
  },
}).catch(async (error: unknown) => {
  logger.fatal({ error: String(error) }, 'cannot start the read models');
  await service.shutdown({ failed: true });
  throw error;
});
service.closeFirst({ name: 'read models', close: () => projector.stop() });
const admin = createKafkaAdmin({
  brokers: [...config.KAFKA_BROKERS],
  clientId: `${SERVICE}-admin`,
});
service.closeLast({ name: 'kafka admin', close: () => admin.close() });
const lag = watchGroupLag({
  admin,
  groupId: config.KAFKA_GROUP_ID,
  topics: PROJECTED_TOPICS.map((t) => ({ topic: t, physical: `${config.TOPIC_PREFIX}${t}` })),
  onLag: (topic, records) => lagRecords.set({ topic }, records),
});
service.closeFirst({ name: 'read-model lag', close: async () => lag.stop() });

// The live stream: every instance reads all of flights.state into memory itself.
const liveClients = metrics.gauge(
  'overfly_api_live_clients',
  'WebSocket clients of the live stream',
);
const liveBytes = metrics.counter(
  'overfly_api_live_sent_bytes_total',
  'Bytes sent to live clients',
  ['kind'],
);
const liveSkipped = metrics.counter(
  'overfly_api_live_skipped_total',
  'Ticks a slow client was skipped',
);
const liveTick = metrics.histogram(
  'overfly_api_live_tick_seconds',
  'Time to compute and send one tick',
  [],
  [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
);
const table = createAircraftTable({ staleAfterMs: config.LIVE_STALE_AFTER });
const hub = createLiveHub({
  table,
  hz: config.LIVE_HZ,
  firs,
  maxBufferedBytes: config.LIVE_MAX_BUFFERED,
  observer: {
    clients: (n) => liveClients.set(n),
    tick: ({ durationMs }) => liveTick.observe(durationMs / 1000),
    sent: (kind, bytes) => liveBytes.inc({ kind }, bytes),
    skipped: () => liveSkipped.inc(),
  },
});
hub.start();
service.closeFirst({ name: 'live hub', close: async () => hub.stop() });
const feed = await startLiveFeed({
  runtime,
  table,
  admin,
  topicPrefix: config.TOPIC_PREFIX,
  logger,
});
service.closeFirst({ name: 'live feed', close: () => feed.stop() });
service.health.register({
  name: 'live stream',
  check: async () => {
    if (!feed.caughtUp) throw new Error('still reading flights.state');
  },
});
const liveLag = metrics.gauge(
  'overfly_api_live_lag_records',
  'Records of flights.state the live stream has not read',
);
const liveLagTimer = setInterval(() => {
  const n = feed.lag();
  if (n !== null) liveLag.set(n);
}, 5_000);
liveLagTimer.unref();

// Tracks are bounded: reports older than the retention are forgotten every minute.
const purge = setInterval(() => {
  purgeTrackPoints(pool, Date.now() - config.API_TRACK_RETENTION).catch((error: unknown) =>
    database.noteFailure(error),
  );
}, 60_000);
purge.unref();
service.closeFirst({ name: 'track purge', close: async () => clearInterval(purge) });
// Ended batch jobs are kept API_BATCH_RETENTION, then forgotten with their items; passenger
// decisions (personal data) API_PASSENGER_EVENT_RETENTION.
const jobCleanup = setInterval(() => {
  cleanupJobs(pool, Date.now() - config.API_BATCH_RETENTION)
    .then((n) => n > 0 && logger.info({ deleted: n }, 'old batch jobs forgotten'))
    .catch((error: unknown) => database.noteFailure(error));
  purgePassengerEvents(pool, Date.now() - config.API_PASSENGER_EVENT_RETENTION)
    .then((n) => n > 0 && logger.info({ deleted: n }, 'old passenger decisions forgotten'))
    .catch((error: unknown) => database.noteFailure(error));
}, 3_600_000);
jobCleanup.unref();
service.closeFirst({ name: 'batch job cleanup', close: async () => clearInterval(jobCleanup) });
const commandProducer = await runtime.producer();
// Batch job events for this instance's WebSocket clients, from batch.progress.
const batchEvents = createBatchEventHub();
const batchEventFeed = await startBatchEventFeed({
  runtime,
  db: pool,
  hub: batchEvents,
  admin,
});
service.closeFirst({ name: 'batch events', close: () => batchEventFeed.stop() });

const app = await buildApp({
  observeRequest: httpMetrics(metrics),
  keys,
  jwt,
  corsOrigins: config.API_CORS_ORIGINS,
  bodyLimit: config.API_BODY_LIMIT,
  rateLimitPerMinute: config.API_RATE_LIMIT,
  ready: async () => {
    const report = await service.health.run();
    return {
      ok: report.ready,
      checks: Object.fromEntries(report.checks.map((c) => [c.name, c.status])),
    };
  },
  metrics: () => metrics.registry.metrics(),
  logError: (error, request) =>
    logger.error(
      { error: String(error), method: request.method, url: request.url },
      'request failed',
    ),
  routes: [
    // The key or JWT may come as ?token=: a browser's WebSocket cannot set headers.
    liveRoute(hub, { firs, authorize: authorizer({ keys, jwt }, 'traffic') }),
    batchEventsRoute(batchEvents, authorizer({ keys, jwt }, 'billing')),
    flightRoutes({ db: pool, pageLimit: config.API_PAGE_LIMIT }),
    crossingRoutes({ db: pool, pageLimit: config.API_PAGE_LIMIT }),
    chargeRoutes({ db: pool, pageLimit: config.API_PAGE_LIMIT }),
    invoiceRoutes({ db: pool, pageLimit: config.API_PAGE_LIMIT }),
    // The invoice page's map draws the boundaries of the same FIR layer the stream filters by.
    invoicePageRoutes({ db: pool, firs }),
    invoiceDetailRoutes({ db: pool, firs }),
    trackRoutes({ db: pool, maxPoints: config.API_TRACK_POINTS }),
    // The globe's FIR layer: the same layer, zones from the shipped tariff.
    airspaceRoutes({ firs, zoneOf: (id) => shippedTariff.zoneOf(id) }),
    opsRoutes({
      db: pool,
      pageLimit: config.API_PAGE_LIMIT,
      resend: (letters) => runtime.resendDeadLetters(letters),
    }),
    disruptionRoutes({ db: pool, pageLimit: config.API_PAGE_LIMIT }),
    batchJobRoutes({
      db: pool,
      operations: createOperations({ tariffs, charges: null, crossings: null, airspace: null }),
      pageLimit: config.API_PAGE_LIMIT,
      createPerMinute: config.API_BATCH_CREATE_LIMIT,
      send: (command) =>
        commandProducer.send('batch.commands', [{ key: command.commandId, value: command }]),
      report: (progress) =>
        commandProducer.send('batch.progress', [{ key: progress.commandId, value: progress }]),
      logError: (error, what) => logger.warn({ error: String(error) }, `${what} not sent`),
    }),
    batchImportRoutes({ db: pool, maxBytes: config.API_IMPORT_MAX_BYTES }),
    webRoutes({
      dir: config.API_WEB_DIR,
      onMissing: (dir) =>
        logger.warn(
          { dir },
          'the web page is not built: / says how (pnpm --filter @overfly/web build)',
        ),
    }),
  ],
});
service.closeFirst({ name: 'http', close: () => app.close() });
const address = await app.listen({ host: config.API_HOST, port: config.API_PORT });

logger.info(
  {
    address,
    auth:
      [keys ? `${keys.size} keys` : null, jwt ? `JWT ${jwt.algs.join('/')}` : null]
        .filter(Boolean)
        .join(', ') || 'off',
    docs: `${address}/docs`,
  },
  'api running',
);
