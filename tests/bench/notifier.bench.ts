/**
 * pnpm bench:notifier — the notifier as a child process on the real Kafka, registry,
 * PostgreSQL and Mailpit, sending to Mailpit (SMTP), a fake Twilio and a fake webhook
 * receiver (services/notifier/src/test-support, every fault rate 0) that run in this process.
 * Every passenger event is a REBOOKING_PROPOSED: one e-mail and one SMS to the passenger
 * (CONTACTS_MODE=mock, MOCK_SCENARIOS=network-normal: the scenario's contact references and
 * languages) and one webhook to a subscriber of `passenger.*`. Prints, measured in this run:
 *  - sends/s per channel with client rate limits off (NOTIFIER_RATE_LIMITS=off), over a
 *    backlog of BENCH_EVENTS (default 2,000) events already in Kafka, timed from the
 *    notifier's start (its 'notifier running' log line, or its first send if that came
 *    first) to the last arrival at each receiver; the three channels send at once;
 *  - beside each, a naive sender in this process: the same number of the same messages
 *    straight to the same receiver with the same concurrency (nodemailer for SMTP, fetch
 *    POSTs for SMS and webhooks; no ledger, no Kafka), the three channels at once too, and
 *    the ratio notifier / naive;
 *  - in a paced run (events published one by one for BENCH_PACE_SECONDS, default 20, after a
 *    few warm-up events), p50/p95/p99 per channel from each event's Kafka timestamp to its
 *    arrival at the receiver (the fakes' request times, Mailpit's Created). The rate is
 *    BENCH_PACE_RATE events/s when set; else half the rate at which this run's notifier cleared
 *    the backlog on every channel, at most 50/s, so that nothing queues.
 * The channels' concurrency is the notifier's defaults (config.ts), said in the output.
 * Figures are printed, never asserted.
 */
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '@overfly/config';
import { createKafkaRuntime, type KafkaRuntime } from '@overfly/kafka';
import type { PassengerEvent } from '@overfly/schemas';
import { infraEndpoints } from '../../infra/src/index.js';
import { dropSchema, uniqueSchema } from '../../packages/db/src/index.js';
import {
  SIGNATURE_HEADER,
  signPayload,
} from '../../services/notifier/src/channels/webhook/signature.js';
import { notifierConfigSchema } from '../../services/notifier/src/config.js';
import {
  mockDirectory,
  scenarioLanguages,
} from '../../services/notifier/src/contacts/mock-directory.js';
import {
  type Channel,
  idempotencyKeyOf,
  notificationIdOf,
} from '../../services/notifier/src/ledger/delivery.js';
import { passengerEventType } from '../../services/notifier/src/plan/event-types.js';
import { renderPassengerMessage } from '../../services/notifier/src/templates/index.js';
import { passengerEvent } from '../../services/notifier/src/test-support/events.js';
import {
  type FakeSmsProvider,
  startFakeSmsProvider,
} from '../../services/notifier/src/test-support/fake-sms-provider.js';
import {
  type FakeWebhookReceiver,
  startFakeWebhookReceiver,
} from '../../services/notifier/src/test-support/fake-webhook-receiver.js';
import { testEndpoints } from '../support/endpoints.js';
import { deleteTopicsWithPrefix, uniquePrefix } from '../support/kafka-admin.js';
import { deleteMails, type MailWatch, watchMailpit } from './support/mailpit-watch.js';
import {
  freePort,
  machineCpu,
  pct,
  processStats,
  root,
  spawnTs,
  stop,
} from './support/processes.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 2_000);
/** Events/s of the paced run; unset: from the backlog run's rate (see pacedRate). */
const PACE_RATE = process.env.BENCH_PACE_RATE ? Number(process.env.BENCH_PACE_RATE) : null;
const PACE_RATE_MAX = 50;
const PACE_SECONDS = Number(process.env.BENCH_PACE_SECONDS ?? 20);
const WARMUP_EVENTS = 20;
/** No new arrival for this long: the run is over, whatever is missing. */
const STALL_MS = 60_000;
const CHANNELS = ['EMAIL', 'SMS', 'WEBHOOK'] as const satisfies readonly Channel[];
const SCENARIO = 'network-normal';
const SUBSCRIBER = 'bench-passenger-hooks';
const WEBHOOK_SECRET = 'bench-notifier-webhook-secret-0123456789abcdef';
/** Twilio's valid From number for test credentials. */
const SMS_FROM = '+15005550006';
const OUR_MAIL = '@notifier.overfly';
/** The headers of a delivery, as channels/webhook/README.md documents them. */
const DELIVERY_ID_HEADER = 'Overfly-Delivery-Id';
const EVENT_TYPE_HEADER = 'Overfly-Event-Type';
const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
const NAIVE_MAIL = '@bench.overfly';

const { brokers, registryUrl, databaseUrl } = testEndpoints();
const infra = infraEndpoints();
/** The notifier's own defaults (config.ts), given to it explicitly and used by the naive senders. */
const defaults = loadConfig(notifierConfigSchema, {});
const concurrency: Record<Channel, number> = {
  EMAIL: defaults.EMAIL_CONCURRENCY,
  SMS: defaults.SMS_CONCURRENCY,
  WEBHOOK: defaults.WEBHOOK_CONCURRENCY,
};

// nodemailer is the notifier's dependency, not the tests': loaded from there, typed as used.
interface MailTransport {
  sendMail(mail: Record<string, unknown>): Promise<{ messageId: string }>;
  close(): void;
}
const nodemailer = createRequire(`${root}services/notifier/package.json`)('nodemailer') as {
  createTransport(options: Record<string, unknown>): MailTransport;
};

interface Receivers {
  sms: FakeSmsProvider;
  hooks: FakeWebhookReceiver;
}

/** Per channel: id (notification id, or the naive sender's) → when the receiver got it first. */
type Arrivals = Record<Channel, Map<string, number>>;

/** What each receiver got of `ids` (per channel), and how many more than once. */
function arrivalsOf(
  receivers: Receivers,
  mail: MailWatch,
  ids: Record<Channel, ReadonlySet<string>>,
): { arrivals: Arrivals; duplicates: Record<Channel, number> } {
  const collect = (
    items: Array<{ key: string | undefined; at: number }>,
    wanted: ReadonlySet<string>,
  ) => {
    const out = new Map<string, number>();
    let duplicates = 0;
    for (const { key, at } of items) {
      if (key === undefined || !wanted.has(key)) continue;
      if (out.has(key)) duplicates++;
      else out.set(key, at);
    }
    return { out, duplicates };
  };
  const sms = collect(
    receivers.sms.received().map((m) => ({ key: m.idempotencyKey, at: m.at })),
    ids.SMS,
  );
  const hooks = collect(
    receivers.hooks.deliveries().map((d) => ({ key: d.idempotencyKey, at: d.at })),
    ids.WEBHOOK,
  );
  const email = new Map<string, number>();
  for (const [messageId, at] of mail.received) {
    const id = messageId.slice(0, messageId.indexOf('@'));
    if (ids.EMAIL.has(id)) email.set(id, at);
  }
  return {
    arrivals: { EMAIL: email, SMS: sms.out, WEBHOOK: hooks.out },
    duplicates: { EMAIL: mail.duplicates(), SMS: sms.duplicates, WEBHOOK: hooks.duplicates },
  };
}

/** Polls until every channel has all its ids, nothing arrived for STALL_MS, or `alive` fails. */
async function untilArrived(
  label: string,
  poll: () => Arrivals,
  expected: number,
  alive: () => void = () => {},
): Promise<Arrivals> {
  let last = -1;
  let changedAt = Date.now();
  let printedAt = Date.now();
  for (;;) {
    alive();
    const arrivals = poll();
    const total = CHANNELS.reduce((s, c) => s + arrivals[c].size, 0);
    if (total !== last) {
      last = total;
      changedAt = Date.now();
    }
    const done = CHANNELS.every((c) => arrivals[c].size >= expected);
    if (done || Date.now() - printedAt >= 5_000) {
      printedAt = Date.now();
      console.error(
        `  ${label}: ${CHANNELS.map((c) => `${c} ${arrivals[c].size}/${expected}`).join(', ')}`,
      );
    }
    if (done) return arrivals;
    if (Date.now() - changedAt > STALL_MS) {
      console.error(`  ${label}: nothing new for ${STALL_MS / 1000} s, stopping the wait`);
      return arrivals;
    }
    await sleep(250);
  }
}

/** Events with the scenario's contact references (and so its passengers' languages). */
function rebookings(run: string, contacts: readonly string[], from: number, count: number) {
  return Array.from({ length: count }, (_, k): PassengerEvent => {
    const n = from + k;
    return passengerEvent(n, run, {
      type: 'REBOOKING_PROPOSED',
      contactRef: contacts[n % contacts.length] as string,
      compensation: null,
      rebooking: {
        scheduleId: `LH${2_000 + (n % 500)}-20250614-EDDF`,
        flightNumber: `LH${2_000 + (n % 500)}`,
        departureAirport: 'EDDF',
        arrivalAirport: 'EGLL',
        scheduledDeparture: Date.UTC(2025, 5, 14, 18, 5),
        scheduledArrival: Date.UTC(2025, 5, 14, 18, 50),
        cabinClass: 'ECONOMY',
      },
    });
  });
}

/** The notification ids the notifier gives these events' deliveries, per channel. */
function notificationIds(events: readonly PassengerEvent[]) {
  const ids: Record<Channel, Map<string, string>> = {
    EMAIL: new Map(),
    SMS: new Map(),
    WEBHOOK: new Map(),
  };
  for (const e of events) {
    const contact = e.contactRef as string;
    ids.EMAIL.set(notificationIdOf(idempotencyKeyOf(e.eventId, 'EMAIL', contact)), e.eventId);
    ids.SMS.set(notificationIdOf(idempotencyKeyOf(e.eventId, 'SMS', contact)), e.eventId);
    ids.WEBHOOK.set(
      notificationIdOf(idempotencyKeyOf(e.eventId, 'WEBHOOK', SUBSCRIBER)),
      e.eventId,
    );
  }
  return ids;
}

const keysOf = (ids: Record<Channel, Map<string, string>>) => ({
  EMAIL: new Set(ids.EMAIL.keys()),
  SMS: new Set(ids.SMS.keys()),
  WEBHOOK: new Set(ids.WEBHOOK.keys()),
});

interface Notifier {
  child: ChildProcess;
  port: number;
  /** When it logged 'notifier running' (its log's own time), once it has. */
  runningAt(): number | null;
  /** Throws, with its last output, if it has exited. */
  alive(): void;
}

async function startNotifier(receivers: Receivers, prefix: string, schema: string) {
  const port = await freePort();
  const child = spawnTs(
    'services/notifier/src/main.ts',
    [],
    {
      TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}notifier`,
      KAFKA_BROKERS: brokers.join(','),
      SCHEMA_REGISTRY_URL: registryUrl,
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: schema,
      METRICS_PORT: String(port),
      LOG_LEVEL: 'info',
      EMAIL_MODE: 'smtp',
      SMTP_HOST: infra.smtpHost,
      SMTP_PORT: String(infra.smtpPort),
      SMS_MODE: 'twilio',
      SMS_BASE_URL: receivers.sms.url,
      TWILIO_ACCOUNT_SID: receivers.sms.accountSid,
      TWILIO_AUTH_TOKEN: receivers.sms.authToken,
      TWILIO_SENDER: SMS_FROM,
      WEBHOOK_MODE: 'http',
      WEBHOOK_SUBSCRIPTIONS: JSON.stringify([
        {
          id: SUBSCRIBER,
          url: `${receivers.hooks.url}/overfly`,
          secret: WEBHOOK_SECRET,
          eventTypes: ['passenger.*'],
        },
      ]),
      NOTIFIER_RATE_LIMITS: 'off',
      CONTACTS_MODE: 'mock',
      MOCK_SCENARIOS: SCENARIO,
      EMAIL_CONCURRENCY: String(concurrency.EMAIL),
      SMS_CONCURRENCY: String(concurrency.SMS),
      WEBHOOK_CONCURRENCY: String(concurrency.WEBHOOK),
    },
    ['ignore', 'pipe', 'pipe'],
  );
  let runningAt: number | null = null;
  const tail: string[] = [];
  const keep = (line: string) => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
  };
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    keep(line);
    try {
      // packages/observability writes `time` as ISO 8601.
      const entry = JSON.parse(line) as { msg?: string; time?: string };
      if (runningAt === null && entry.msg === 'notifier running' && entry.time)
        runningAt = Date.parse(entry.time);
    } catch {}
  });
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', keep);
  const notifier: Notifier = {
    child,
    port,
    runningAt: () => runningAt,
    alive() {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(
          `the notifier exited (${child.exitCode ?? child.signalCode}); its last lines:\n${tail.join('\n')}`,
        );
    },
  };
  return notifier;
}

/** Its send attempts by channel and outcome, from /metrics. */
async function attemptsOf(port: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  try {
    const text = await (
      await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(2_000) })
    ).text();
    for (const line of text.split('\n')) {
      const m = /^overfly_notification_attempts_total\{([^}]*)\} (\S+)$/.exec(line);
      if (!m) continue;
      const channel = /channel="([^"]*)"/.exec(m[1] ?? '')?.[1];
      const outcome = /outcome="([^"]*)"/.exec(m[1] ?? '')?.[1];
      out[`${channel} ${outcome}`] = Number(m[2]);
    }
  } catch {}
  return out;
}

const runtimeFor = (prefix: string) =>
  createKafkaRuntime({ brokers, registryUrl, service: 'bench-notifier', topicPrefix: prefix });

async function publish(runtime: KafkaRuntime, events: readonly PassengerEvent[]) {
  const producer = await runtime.producer();
  for (let i = 0; i < events.length; i += 500)
    await producer.send(
      'passenger.events',
      events.slice(i, i + 500).map((e) => ({ key: e.passengerId, value: e })),
    );
}

interface ChannelRate {
  count: number;
  seconds: number;
  /** From the start to the channel's first arrival. */
  firstAfter: number;
  duplicates: number;
}

const rateOf = (arrivals: Map<string, number>, start: number, duplicates: number): ChannelRate => {
  const times = [...arrivals.values()];
  const first = times.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
  const last = times.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
  return {
    count: times.length,
    seconds: (last - start) / 1000,
    firstAfter: (first - start) / 1000,
    duplicates,
  };
};

/** The backlog: every event in Kafka first, then the notifier started and timed. */
async function backlogRun(receivers: Receivers, contacts: readonly string[], cleanup: Cleanup) {
  const prefix = uniquePrefix('bench-notifier');
  const schema = uniqueSchema('bench_notifier');
  cleanup.prefixes.push(prefix);
  cleanup.schemas.push(schema);
  const run = prefix.split('.')[2] ?? 'run';
  const events = rebookings(run, contacts, 0, EVENTS);
  const ids = keysOf(notificationIds(events));
  const runtime = runtimeFor(prefix);
  cleanup.runtimes.push(runtime);
  await runtime.ensureTopics();
  const t0 = performance.now();
  await publish(runtime, events);
  console.error(
    `backlog: ${EVENTS} events on ${prefix}passenger.events in ${((performance.now() - t0) / 1000).toFixed(1)} s; starting the notifier`,
  );
  const mail = watchMailpit(infra.mailpitUrl, {
    since: Date.now() - 1_000,
    accept: (id) => id.endsWith(OUR_MAIL) && ids.EMAIL.has(id.slice(0, -OUR_MAIL.length)),
  });
  const machine0 = machineCpu();
  const notifier = await startNotifier(receivers, prefix, schema);
  cleanup.children.push(notifier.child);
  let mailIds: string[] = [];
  try {
    const arrivals = await untilArrived(
      'notifier',
      () => arrivalsOf(receivers, mail, ids).arrivals,
      EVENTS,
      () => notifier.alive(),
    );
    const cpu = processStats(notifier.child.pid ?? -1);
    const machine = machineCpu();
    const attempts = await attemptsOf(notifier.port);
    mailIds = await mail.stop();
    const { duplicates } = arrivalsOf(receivers, mail, ids);
    const firstSend = Math.min(
      ...CHANNELS.flatMap((c) =>
        [...arrivals[c].values()].reduce((a, b) => Math.min(a, b), Infinity),
      ),
    );
    const start = Math.min(notifier.runningAt() ?? Infinity, firstSend);
    const rates = Object.fromEntries(
      CHANNELS.map((c) => [c, rateOf(arrivals[c], start, duplicates[c])]),
    ) as Record<Channel, ChannelRate>;
    const startedBy =
      start === notifier.runningAt() ? "its 'notifier running' log line" : 'its first send';
    const busy =
      (machine.busySeconds - machine0.busySeconds) / (machine.totalSeconds - machine0.totalSeconds);
    return { rates, attempts, cpuSeconds: cpu?.cpuSeconds ?? Number.NaN, busy, startedBy };
  } finally {
    if (mailIds.length === 0) mailIds = await mail.stop();
    cleanup.mails.push(...mailIds);
    await stop(notifier.child);
  }
}

/** Runs `count` jobs with `workers` of them in flight at once. */
async function pool(count: number, workers: number, job: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < count) await job(next++);
    }),
  );
}

/**
 * The naive senders: the same messages (same contacts, same templates, same webhook body
 * and signature scheme) straight to the same receivers, each channel with the notifier's
 * concurrency, the three at once as the notifier sends them.
 */
async function naiveRun(receivers: Receivers, contacts: readonly string[], cleanup: Cleanup) {
  const run = `naive${Date.now().toString(36)}`;
  const events = rebookings(run, contacts, 0, EVENTS);
  const idOf = (channel: Channel, i: number) => `naive-${run}-${channel.toLowerCase()}-${i}`;
  const ids = Object.fromEntries(
    CHANNELS.map((c) => [c, new Set(events.map((_, i) => idOf(c, i)))]),
  ) as Record<Channel, Set<string>>;
  const directory = mockDirectory({ scenarios: [SCENARIO] });
  await directory.lookup(contacts[0] as string); // the scenario's languages, read once
  const contactOf = async (e: PassengerEvent) => {
    const contact = await directory.lookup(e.contactRef as string);
    if (!contact?.email || !contact.phone) throw new Error(`no contact for ${e.contactRef}`);
    const message = renderPassengerMessage(e, contact.language);
    if (!message) throw new Error(`no message for ${e.type}`);
    return { contact, message };
  };
  const transport = nodemailer.createTransport({
    host: infra.smtpHost,
    port: infra.smtpPort,
    secure: false,
    pool: true,
    maxConnections: concurrency.EMAIL,
  });
  const { accountSid, authToken } = receivers.sms;
  const smsUrl = `${receivers.sms.url}/2010-04-01/Accounts/${accountSid}/Messages.json`;
  const smsAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  const refused: Record<Channel, number> = { EMAIL: 0, SMS: 0, WEBHOOK: 0 };
  const mail = watchMailpit(infra.mailpitUrl, {
    since: Date.now() - 1_000,
    accept: (id) => id.endsWith(NAIVE_MAIL) && ids.EMAIL.has(id.slice(0, -NAIVE_MAIL.length)),
  });
  let mailIds: string[] = [];
  try {
    const start = Date.now();
    const senders = {
      EMAIL: pool(EVENTS, concurrency.EMAIL, async (i) => {
        const e = events[i] as PassengerEvent;
        const { contact, message } = await contactOf(e);
        await transport
          .sendMail({
            from: defaults.MAIL_FROM,
            to: contact.email,
            subject: message.subject,
            text: message.text,
            html: message.html,
            messageId: `<${idOf('EMAIL', i)}${NAIVE_MAIL}>`,
            headers: { 'Content-Language': message.language, 'Auto-Submitted': 'auto-generated' },
          })
          .catch(() => refused.EMAIL++);
      }),
      SMS: pool(EVENTS, concurrency.SMS, async (i) => {
        const e = events[i] as PassengerEvent;
        const { contact, message } = await contactOf(e);
        const response = await fetch(smsUrl, {
          method: 'POST',
          headers: {
            authorization: smsAuth,
            accept: 'application/json',
            'content-type': 'application/x-www-form-urlencoded',
            'idempotency-key': idOf('SMS', i),
          },
          body: new URLSearchParams({
            To: contact.phone as string,
            From: SMS_FROM,
            Body: message.sms,
          }).toString(),
        });
        await response.arrayBuffer();
        if (response.status !== 201) refused.SMS++;
      }),
      WEBHOOK: pool(EVENTS, concurrency.WEBHOOK, async (i) => {
        const e = events[i] as PassengerEvent;
        const id = idOf('WEBHOOK', i);
        // The document the notifier's webhook driver posts (id, type, topic, createdAt, data).
        const body = JSON.stringify({
          id,
          type: passengerEventType(e),
          topic: 'passenger.events',
          createdAt: new Date().toISOString(),
          data: e,
        });
        const response = await fetch(`${receivers.hooks.url}/overfly`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'bench-naive',
            [SIGNATURE_HEADER]: signPayload(WEBHOOK_SECRET, Math.floor(Date.now() / 1000), body),
            [EVENT_TYPE_HEADER]: passengerEventType(e),
            [DELIVERY_ID_HEADER]: id,
            [IDEMPOTENCY_KEY_HEADER]: id,
          },
          body,
        });
        await response.arrayBuffer();
        if (response.status !== 200) refused.WEBHOOK++;
      }),
    };
    await Promise.all(Object.values(senders));
    const arrivals = await untilArrived(
      'naive',
      () => arrivalsOf(receivers, mail, ids).arrivals,
      EVENTS,
    );
    mailIds = await mail.stop();
    const { duplicates } = arrivalsOf(receivers, mail, ids);
    const rates = Object.fromEntries(
      CHANNELS.map((c) => [c, rateOf(arrivals[c], start, duplicates[c])]),
    ) as Record<Channel, ChannelRate>;
    return { rates, refused };
  } finally {
    transport.close();
    if (mailIds.length === 0) mailIds = await mail.stop();
    cleanup.mails.push(...mailIds);
  }
}

/** Events one by one at `rate`/s into a running notifier; latency per channel. */
async function pacedRun(
  receivers: Receivers,
  contacts: readonly string[],
  rate: number,
  cleanup: Cleanup,
) {
  const prefix = uniquePrefix('bench-notifier-paced');
  const schema = uniqueSchema('bench_notifier_paced');
  cleanup.prefixes.push(prefix);
  cleanup.schemas.push(schema);
  const run = prefix.split('.')[2] ?? 'run';
  const count = Math.round(rate * PACE_SECONDS);
  // Different contacts from the backlog's, from further down the scenario's list.
  const warmup = rebookings(run, contacts, 10_000, WARMUP_EVENTS);
  const paced = rebookings(run, contacts, 10_000 + WARMUP_EVENTS, count);
  const warmupIds = keysOf(notificationIds(warmup));
  const pacedIds = notificationIds(paced);
  const allIds = keysOf(notificationIds([...warmup, ...paced]));
  const runtime = runtimeFor(prefix);
  cleanup.runtimes.push(runtime);
  await runtime.ensureTopics();
  const mail = watchMailpit(infra.mailpitUrl, {
    since: Date.now() - 1_000,
    accept: (id) => id.endsWith(OUR_MAIL) && allIds.EMAIL.has(id.slice(0, -OUR_MAIL.length)),
  });
  const notifier = await startNotifier(receivers, prefix, schema);
  cleanup.children.push(notifier.child);
  let mailIds: string[] = [];
  try {
    while (notifier.runningAt() === null) {
      notifier.alive();
      await sleep(100);
    }
    // Warm-up: the group's join, the SMTP connections, the mock directory's languages.
    await publish(runtime, warmup);
    const warm = await untilArrived(
      'paced warm-up',
      () => arrivalsOf(receivers, mail, warmupIds).arrivals,
      WARMUP_EVENTS,
      () => notifier.alive(),
    );
    if (CHANNELS.some((c) => warm[c].size < WARMUP_EVENTS)) throw new Error('warm-up incomplete');
    console.error(`paced: ${count} events, one by one at ${rate}/s`);
    const producer = await runtime.producer();
    const t0 = Date.now();
    for (let i = 0; i < count; i++) {
      const due = t0 + (i * 1000) / rate;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      const e = paced[i] as PassengerEvent;
      await producer.send('passenger.events', [{ key: e.passengerId, value: e }]);
      if (i > 0 && i % Math.max(1, Math.round(rate * 5)) === 0) {
        notifier.alive();
        console.error(`  published ${i}/${count}`);
      }
    }
    const publishedSeconds = (Date.now() - t0) / 1000;
    const pacedKeys = keysOf(pacedIds);
    const arrivals = await untilArrived(
      'paced',
      () => arrivalsOf(receivers, mail, pacedKeys).arrivals,
      count,
      () => notifier.alive(),
    );
    mailIds = await mail.stop();
    // When Kafka says the bench sent each event.
    const sentAt = new Map<string, number>();
    await runtime.readToEnd('passenger.events', (m) => {
      if (m.value) sentAt.set(m.value.eventId, m.timestamp);
    });
    const latencies = Object.fromEntries(
      CHANNELS.map((c) => {
        const ms: number[] = [];
        for (const [id, at] of arrivals[c]) {
          const sent = sentAt.get(pacedIds[c].get(id) ?? '');
          if (sent !== undefined) ms.push(at - sent);
        }
        return [c, ms.sort((a, b) => a - b)];
      }),
    ) as Record<Channel, number[]>;
    return { count, publishedSeconds, latencies };
  } finally {
    if (mailIds.length === 0) mailIds = await mail.stop();
    cleanup.mails.push(...mailIds);
    await stop(notifier.child);
  }
}

interface Cleanup {
  prefixes: string[];
  schemas: string[];
  runtimes: KafkaRuntime[];
  children: ChildProcess[];
  /** Mailpit ids of the messages this run sent. */
  mails: string[];
}

async function main() {
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const contacts = [...scenarioLanguages([SCENARIO]).keys()];
  const cleanup: Cleanup = { prefixes: [], schemas: [], runtimes: [], children: [], mails: [] };
  const noFaults = { failureRate: 0, hangRate: 0, lostResponseRate: 0, rateLimitRate: 0 };
  const receivers: Receivers = {
    sms: await startFakeSmsProvider(noFaults),
    hooks: await startFakeWebhookReceiver({ ...noFaults, secrets: [WEBHOOK_SECRET] }),
  };
  const conc = `EMAIL_CONCURRENCY ${concurrency.EMAIL}, SMS_CONCURRENCY ${concurrency.SMS}, WEBHOOK_CONCURRENCY ${concurrency.WEBHOOK}`;
  console.log(
    `bench:notifier — ${fmt(EVENTS)} passenger events (REBOOKING_PROPOSED, ${SCENARIO}'s contacts) → one e-mail, one SMS and one webhook each; NOTIFIER_RATE_LIMITS=off; concurrency: the notifier's defaults (${conc}), the naive senders the same; receivers: Mailpit (SMTP ${infra.smtpHost}:${infra.smtpPort}, ${infra.mailpitUrl}), fake Twilio ${receivers.sms.url}, fake webhook receiver ${receivers.hooks.url} (fault rates 0)`,
  );
  try {
    const backlog = await backlogRun(receivers, contacts, cleanup);
    console.error('naive senders');
    const naive = await naiveRun(receivers, contacts, cleanup);
    // Well below capacity: half the events/s at which the backlog went out on every channel.
    const cleared = EVENTS / Math.max(...CHANNELS.map((c) => backlog.rates[c].seconds));
    const rate =
      PACE_RATE ??
      (cleared > 0 && Number.isFinite(cleared)
        ? Math.max(1, Math.min(PACE_RATE_MAX, Math.floor(cleared / 2)))
        : 1);
    const paced = await pacedRun(receivers, contacts, rate, cleanup);

    const receiverOf: Record<Channel, string> = {
      EMAIL: 'Mailpit',
      SMS: 'fake Twilio',
      WEBHOOK: 'fake webhook receiver',
    };
    const naiveHow: Record<Channel, string> = {
      EMAIL: 'nodemailer, pooled',
      SMS: 'fetch POSTs',
      WEBHOOK: 'fetch POSTs, signed',
    };
    const line = (r: ChannelRate) =>
      `${fmt(r.count)} in ${r.seconds.toFixed(2)} s = ${fmt(r.count / r.seconds)}/s`;
    console.log('');
    console.log(
      `backlog of ${fmt(EVENTS)} events already in Kafka, the three channels at once; notifier timed from ${backlog.startedBy} to the last arrival at each receiver, naive from its first send to its last arrival:`,
    );
    for (const c of CHANNELS) {
      const n = backlog.rates[c];
      const b = naive.rates[c];
      console.log(
        `  ${c.padEnd(7)} → ${receiverOf[c].padEnd(21)} notifier ${line(n)} (first arrival after ${n.firstAfter.toFixed(2)} s) | naive (${naiveHow[c]}, ${concurrency[c]} at once) ${line(b)} | notifier/naive ${(n.count / n.seconds / (b.count / b.seconds)).toFixed(2)}`,
      );
    }
    const attempts = Object.entries(backlog.attempts)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(', ');
    console.log(
      `  notifier: CPU ${backlog.cpuSeconds.toFixed(1)} s (the whole machine ${(backlog.busy * 100).toFixed(0)}% busy over its ${os.availableParallelism()} cores meanwhile); attempts by channel and outcome: ${attempts || 'none read'}; duplicates at the receivers: ${CHANNELS.map((c) => `${c} ${backlog.rates[c].duplicates}`).join(', ')}; naive refused: ${CHANNELS.map((c) => `${c} ${naive.refused[c]}`).join(', ')}`,
    );
    console.log(
      `paced: ${fmt(paced.count)} events published one by one in ${paced.publishedSeconds.toFixed(1)} s (${(paced.count / paced.publishedSeconds).toFixed(1)}/s, after ${WARMUP_EVENTS} warm-up events; ${PACE_RATE === null ? `the rate: half the ${cleared.toFixed(0)} events/s at which the backlog went out on every channel, at most ${PACE_RATE_MAX}/s` : 'the rate: BENCH_PACE_RATE'}); latency from the event's Kafka timestamp to its arrival at the receiver:`,
    );
    for (const c of CHANNELS) {
      const l = paced.latencies[c];
      console.log(
        `  ${c.padEnd(7)} ${fmt(l.length)}/${fmt(paced.count)} arrived: p50 ${pct(l, 0.5).toFixed(0)} ms, p95 ${pct(l, 0.95).toFixed(0)} ms, p99 ${pct(l, 0.99).toFixed(0)} ms, max ${(l.at(-1) ?? Number.NaN).toFixed(0)} ms`,
      );
    }
  } finally {
    // Every step even when one before it failed.
    const step = (what: string, work: () => Promise<unknown>) =>
      work().catch((error: unknown) => console.error(`cleanup: ${what}: ${String(error)}`));
    for (const child of cleanup.children) await step('stop the notifier', () => stop(child));
    for (const r of cleanup.runtimes) await step('close a Kafka runtime', () => r.close());
    for (const prefix of cleanup.prefixes)
      await step(`delete the topics ${prefix}*`, () => deleteTopicsWithPrefix(prefix));
    for (const schema of cleanup.schemas)
      await step(`drop the schema ${schema}`, () => dropSchema(databaseUrl, schema));
    await step("delete the bench's e-mails from Mailpit", () =>
      deleteMails(infra.mailpitUrl, cleanup.mails),
    );
    await step('close the fake Twilio', () => receivers.sms.close());
    await step('close the fake webhook receiver', () => receivers.hooks.close());
  }
}

await main();
process.exit(0);
