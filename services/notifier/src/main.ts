/**
 * notifier: passenger.events, invoices.events and disruption.events → e-mail, SMS and signed
 * webhooks, each sent once (README, "Exactly once to the outside"); every delivery's state on
 * notifications. Configuration: config.ts (every variable, default and meaning) and the README.
 */
import { createPool, isDatabaseUnavailable, migrate, watchAvailability } from '@overfly/db';
import { loadOrExit, startService } from '@overfly/service-kit';
import { parseSubscriptions } from './channels/webhook/subscriptions.js';
import { loadNotifierConfig } from './config.js';
import { contactDirectoryOf } from './contacts/from-config.js';
import { startDispatcher } from './dispatch/dispatcher.js';
import { driversOf } from './dispatch/from-config.js';
import { startIntake } from './intake.js';
import { startRelay } from './ledger/relay.js';
import { purgeFinished } from './ledger/store.js';
import { MIGRATIONS_DIR } from './migrations-dir.js';

const SERVICE = 'notifier';
const config = loadNotifierConfig();
// A bad subscription list or a live mode without its credentials: say which and stop.
const subscriptions = loadOrExit(SERVICE, 'WEBHOOK_SUBSCRIPTIONS', () =>
  parseSubscriptions(config.WEBHOOK_SUBSCRIPTIONS),
);
const contacts = loadOrExit(SERVICE, 'the contact directory (CONTACTS_*)', () =>
  contactDirectoryOf(config),
);
const drivers = loadOrExit(
  SERVICE,
  'the channels (EMAIL_*, SMTP_*, SMS_*, TWILIO_*, WEBHOOK_*)',
  () => driversOf(config, contacts, subscriptions),
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

const planned = metrics.counter(
  'overfly_notifications_planned_total',
  'Deliveries planned (new idempotency keys)',
);
const attempts = metrics.counter(
  'overfly_notification_attempts_total',
  'Send attempts by channel and outcome',
  ['channel', 'outcome'],
);
const refused = metrics.counter(
  'overfly_notifier_events_refused_total',
  'Source events refused to dead.letter',
  ['code'],
);
const published = metrics.counter(
  'overfly_notification_states_published_total',
  'States published on notifications',
);

await database
  .untilAvailable(() => migrate(pool, MIGRATIONS_DIR, { schema: config.DATABASE_SCHEMA }), {
    signal: stopping.signal,
  })
  .catch(async (error: unknown): Promise<never> => {
    if (!(stopping.signal.aborted && isDatabaseUnavailable(error))) {
      logger.fatal({ error: String(error) }, 'cannot migrate the notifier schema');
      await service.shutdown({ failed: true });
    }
    return new Promise<never>(() => {});
  });

const producer = await runtime.producer();
const relay = startRelay({
  pool,
  availability: database,
  producer,
  service: SERVICE,
  logger,
  onPublished: (n) => published.inc(n),
});
const dispatcher = startDispatcher({
  pool,
  availability: database,
  drivers,
  logger,
  retry: {
    maxAttempts: config.NOTIFIER_MAX_ATTEMPTS,
    baseMs: config.NOTIFIER_RETRY_BASE,
    capMs: config.NOTIFIER_RETRY_CAP,
  },
  leaseMs: config.NOTIFIER_LEASE,
  observer: {
    // The relay is not woken per attempt: every 200 ms it publishes what changed meanwhile
    // in one batch (a wake per send made it publish a row or two per round trip).
    attempted: (channel, outcome) => attempts.inc({ channel, outcome }),
  },
});
const intake = await startIntake({
  runtime,
  pool,
  availability: database,
  groupId: config.KAFKA_GROUP_ID,
  topicPrefix: config.TOPIC_PREFIX,
  subscribers: subscriptions,
  logger,
  sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT,
  observer: {
    planned: (created) => {
      planned.inc(created);
      if (created > 0) dispatcher.wake();
    },
    refused: (code) => refused.inc({ code }),
  },
}).catch(async (error: unknown) => {
  logger.fatal({ error: String(error) }, 'cannot start');
  await service.shutdown({ failed: true });
  throw error;
});
const purge = setInterval(() => {
  purgeFinished(pool, Date.now() - config.NOTIFIER_RETENTION)
    .then(
      (n) => n > 0 && logger.info({ purged: n }, 'finished deliveries past retention forgotten'),
    )
    .catch((error: unknown) => database.noteFailure(error));
}, 3_600_000);
purge.unref();

logger.info(
  {
    group: config.KAFKA_GROUP_ID,
    channels: drivers.map((d) => d.channel),
    email: config.EMAIL_MODE,
  },
  'notifier running',
);
service.closeFirst({ name: 'intake', close: () => intake.stop() });
service.closeFirst({ name: 'dispatcher', close: () => dispatcher.stop() });
service.closeFirst({ name: 'relay', close: () => relay.stop() });
service.closeFirst({ name: 'purge', close: async () => clearInterval(purge) });
