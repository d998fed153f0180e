/**
 * pnpm demo (npm run demo on a fresh machine) — the local Overfly stack, from nothing:
 * starts PostgreSQL, Kafka and the schema registry (downloading them on first use),
 * creates the catalogue's topics, registers the Avro contracts, builds the web page when its
 * sources changed, then runs the api (the page at /, REST) and its batch worker, metrics-sink,
 * the notifier, the disruption-correlator, invoice-writer, fee-calculator, fir-analyser,
 * flight-producer (the bundled recordings), and a simulated airline network's day
 * (ops-feed's mock and a second flight-producer, started through scenario.control:
 * demo/network.ts says how its time runs), and prints what they publish (flight events, FINAL
 * crossings, their charges, the disruptions found), one line per record, and where to open
 * the page and the mail, until Ctrl-C.
 *
 *   --exit-after N   exit 0 after N charges of this run's crossings   --timeout D   exit 1 if not by then
 *   --api-port N     the api's port (default API_PORT, else 3000; 0: any free one)
 *   --no-services    the platform only
 *
 * The pieces live in scripts/demo/: args, platform, samples, network, notifier, services, api,
 * children, supervisor, tail, format.
 */

import { fileURLToPath } from 'node:url';
import { kafkaEndpointsFromEnv, loadConfig } from '@overfly/config';
import { createKafkaRuntime } from '@overfly/kafka';
import { isSyntheticAddress } from '@overfly/scenarios';
import type { ChargeCalculated } from '@overfly/schemas';
import { writerConfigSchema } from '../services/invoice-writer/src/config.js';
import { apiReady, prepareWebPage, reserveApiPort } from './demo/api.js';
import { type DemoArgs, parseDemoArgs, USAGE, UsageError } from './demo/args.js';
import { demoBackbill } from './demo/backbill.js';
import { formatCharge, formatDisruption, formatEvent, formatFinalCrossing } from './demo/format.js';
import { networkPlan, networkSpeed, startNetworkDay } from './demo/network.js';
import { notifierPlan } from './demo/notifier.js';
import { bringUpPlatform, printPlatform } from './demo/platform.js';
import {
  BUNDLED_SAMPLES,
  claimRunStart,
  clockCeiling,
  clockFile,
  prepareReplay,
  writeClock,
} from './demo/samples.js';
import {
  apiPlan,
  livePlan,
  type ProducerPlan,
  replayPlan,
  replaySpeed,
  serviceSpecs,
} from './demo/services.js';
import { type DemoStatus, runningDemo, statusFile, writeStatus } from './demo/status-file.js';
import { Supervisor } from './demo/supervisor.js';
import { startTail, type Tail } from './demo/tail.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const stateDir = `${root}.overfly/demo`;
const logDir = `${root}.overfly/logs`;
const log = (line: string) => console.log(line);
/** Longer than the services' own SHUTDOWN_TIMEOUT (10 s), so they get to finish first. */
const STOP_DEADLINE_MS = 15_000;
/** How long the api may take to be ready (it migrates, joins its group, reads flights.state). */
const API_READY_MS = 120_000;

async function main(args: DemoArgs): Promise<number> {
  // Before anything starts: a second demo (or an api already on the port) stops here.
  const other = args.services ? runningDemo(statusFile(stateDir)) : null;
  if (other) {
    log(
      `demo: one is already running (pid ${other.pid}${other.apiUrl ? `, ${other.apiUrl}/` : ''}): ` +
        '`pnpm demo:status` shows it, `pnpm demo:stop` stops it.',
    );
    return 2;
  }
  const apiHost = process.env.API_HOST?.trim() || '127.0.0.1';
  const apiPort = args.services ? await reserveApiPort(apiHost, args.apiPort) : 0;
  const apiUrl = `http://${['0.0.0.0', '::'].includes(apiHost) ? '127.0.0.1' : apiHost}:${apiPort}`;
  const endpoints = await bringUpPlatform(log);
  await printPlatform(endpoints, log);
  if (!args.services) {
    log('');
    log('Next:  pnpm demo (with the services)  ·  pnpm infra:status  ·  pnpm infra:down');
    return 0;
  }

  const startedAt = Date.now();
  // The data clock of the topics played on: the replay and the network's day both start at
  // the run's start and go at one pace (demo/network.ts).
  const clockPath = clockFile(stateDir, process.env.TOPIC_PREFIX);
  const pace = replaySpeed(process.env);
  // "max" has no pace; any large factor keeps the next run's clock safely ahead.
  const clockSpeed = pace === 'max' ? 10_000 : Number(pace) || 1;
  let clock: { startsAt: number; speed: number };
  let plan: ProducerPlan | null = livePlan(process.env);
  if (plan === null) {
    const prepared = await prepareReplay(`${root}data/trajectories`, stateDir, clockPath);
    const replay = replayPlan(process.env, prepared.file);
    plan = replay;
    clock = { startsAt: prepared.startsAt, speed: clockSpeed };
    log('');
    log(
      `Replay: the bundled recordings (data/trajectories/), re-timed to fly together from ${new Date(clock.startsAt).toISOString().slice(11, 19)} UTC, ×${replay.speed}, looped:`,
    );
    for (const s of BUNDLED_SAMPLES) log(`  ${s.file.padEnd(30)} ${s.what}`);
    log(
      `  ${prepared.positions} positions, ${Math.round(prepared.spanMs / 60_000)} min of flight per pass` +
        `${prepared.skipped > 0 ? ` (${prepared.skipped} rows without a position left out)` : ''}; the spoofed stretch of THY9BP is rejected by the analyser`,
    );
  } else {
    clock = { startsAt: await claimRunStart(clockPath), speed: clockSpeed };
    log('');
    log(
      plan.mock
        ? `Live: simulated OpenSky (OPENSKY_MODE=mock, no network), box ${plan.bbox}`
        : `Live: OpenSky /states/all over ${plan.bbox} (OPENSKY_BBOX = lamin,lomin,lamax,lomax)`,
    );
  }
  const network = networkPlan(process.env, clock.startsAt, networkSpeed(pace));
  const notifier = notifierPlan(process.env, root);
  const dayWall = `in ${Math.round(network.durationMs / network.speed / 60_000)} min of wall time`;
  log('');
  log(
    `Network: ${network.scenario}, a simulated day of the European airline network from ${new Date(network.startTime).toISOString().slice(11, 19)} UTC, ×${network.speed}, ${Math.round(network.durationMs / 3_600_000)} h ${dayWall}:`,
  );
  log(`  ${network.description}`);
  log(
    '  flown by network-producer (flight-producer, MODE=simulate), its schedules, weather and passenger lists\n' +
      "  served by ops-feed's mock; both follow the command the demo puts on scenario.control, so a restarted\n" +
      '  one joins the day where it is.',
  );
  log('');
  const page = await prepareWebPage(process.env, log);
  const api = apiPlan(process.env, apiPort, page.dir);
  const dayEnd = network.startTime + network.durationMs;
  const saveClock = async () => {
    const ceiling = clockCeiling(process.env, dayEnd);
    await writeClock(clockPath, clock.startsAt, Date.now() - startedAt, clock.speed, ceiling);
  };
  const aheadH = (dayEnd - Date.now()) / 3_600_000;
  if (aheadH > 20) {
    log(
      `Warning: earlier runs moved this demo's data clock on (${clockPath}); its network day ends ${Math.round(aheadH)} h ahead of now,\n` +
        '  and fee-calculator refuses crossings more than 24 h ahead. To start afresh: stop the demo, `pnpm infra:down --wipe`, delete .overfly/demo/.',
    );
  }

  /** Records older than this run's start belong to earlier runs. */
  const since = clock.startsAt;
  let disruptionsDetected = 0;
  let stopping = false;
  let finals = 0;
  const seen = new Set<string>();
  const charged = new Set<string>();
  const chargedCrossings = new Set<string>();
  /** Crossing id → when it ended, for this run's FINAL crossings; and charges that came first. */
  const finalAt = new Map<string, number>();
  const early = new Map<string, ChargeCalculated>();
  const printCharge = (charge: ChargeCalculated, at: number) => {
    if (charged.has(charge.chargeId)) return;
    charged.add(charge.chargeId);
    for (const id of charge.passage?.crossingIds ?? [charge.crossingId]) chargedCrossings.add(id);
    log(formatCharge(charge, at));
    maybeDone();
  };
  /**
   * --exit-after N: N charges of this run's FINAL crossings printed. Counted in charges, not
   * crossings: a crossing inside France is charged only when the flight's passage through
   * France ends, so the first crossings of a run may be charged after later ones.
   */
  const maybeDone = () => {
    if (args.exitAfter !== null && charged.size >= args.exitAfter) done(0);
  };
  let done: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => {
    done = resolve;
  });
  const tail: Tail = await startTail(
    {
      ...kafkaEndpointsFromEnv(),
      brokers: endpoints.kafkaBrokers,
      registryUrl: endpoints.registryUrl,
    },
    {
      // The network's aircraft (synthetic addresses) are a hundred at once: their flights show
      // on the page, and the console keeps to the replay's and to the disruptions found.
      event: (event) => {
        if (!stopping && event.occurredAt >= since && !isSyntheticAddress(event.icao24))
          log(formatEvent(event));
      },
      crossing: (crossing) => {
        // At least once: a crossing can come again after a restart; count and print it once.
        if (stopping || crossing.status !== 'FINAL' || seen.has(crossing.crossingId)) return;
        if (isSyntheticAddress(crossing.icao24)) return;
        // The analyser closes flights an earlier run left open as soon as this run's time
        // moves on; they are not this run's traffic, and would make --exit-after lie.
        if (crossing.entryTime < since) return;
        seen.add(crossing.crossingId);
        log(formatFinalCrossing(crossing));
        const at = crossing.exitTime ?? crossing.entryTime;
        finalAt.set(crossing.crossingId, at);
        const waiting = early.get(crossing.crossingId);
        if (waiting) {
          early.delete(crossing.crossingId);
          printCharge(waiting, at);
        }
        maybeDone();
        finals++;
      },
      charge: (charge) => {
        // The charge of one of this run's FINAL crossings, once, after its crossing's line
        // (the two topics are read side by side, so a charge can arrive first).
        if (stopping || charge.reason?.startsWith('CROSSING_NOT_FINAL')) return;
        if (isSyntheticAddress(charge.icao24)) return;
        const at = finalAt.get(charge.crossingId);
        if (at === undefined) early.set(charge.crossingId, charge);
        else printCharge(charge, at);
      },
      disruption: (disruption) => {
        if (stopping || disruption.windowEnd < since || disruption.lifecycle !== 'DETECTED') return;
        disruptionsDetected++;
        log(formatDisruption(disruption));
      },
    },
  );

  const status: DemoStatus = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    apiUrl,
    logDir,
    services: [],
  };
  const saveStatus = () => {
    status.services = supervisor.status();
    writeStatus(statusFile(stateDir), status);
  };
  // A crashed service is reported and started again (supervisor.ts); each one stops
  // itself should the demo die without stopping it (demo/guard.preload.ts).
  const supervisor: Supervisor = new Supervisor(root, logDir, log, saveStatus, {
    OVERFLY_DEMO_PID: String(process.pid),
  });
  // Whatever happens to the demo, the services it started must not outlive it.
  process.on('exit', () => supervisor.killAll());
  // Registered before anything else runs: the back-billing below works synchronously for a
  // while, and a signal must never meet the default action (which would orphan nothing,
  // thanks to the guard, but would skip the orderly stop).
  // The first Ctrl-C (or SIGTERM, or `pnpm demo:stop`) stops the services in order; a
  // second one kills them at once.
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      log(`${signal} again: killing the services`);
      supervisor.killAll();
      process.exit(130);
    }
    signalled = true;
    log('');
    log(`${signal}: stopping the services… (${signal} again kills them at once)`);
    done(0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Downstream first; the network's day once what reads it is ready, so the correlator sees
  // the day from its start rather than working through a backlog of it.
  const ops = {
    analyser: await reserveApiPort('127.0.0.1', 0),
    correlator: await reserveApiPort('127.0.0.1', 0),
  };
  const specs = serviceSpecs(endpoints, plan, api, network, notifier, ops);
  for (const spec of specs.pipeline) supervisor.start(spec);
  log('');
  log(`Starting ${specs.pipeline.map((s) => s.name).join(', ')};`);
  log(
    "  the network's day starts once fir-analyser and the disruption-correlator are ready (their /health/ready)…",
  );
  const waitedFrom = Date.now();
  const ready = await Promise.all(
    [ops.analyser, ops.correlator].map((port) =>
      apiReady(`http://127.0.0.1:${port}`, { timeoutMs: API_READY_MS, gone: () => signalled }),
    ),
  );
  if (!signalled) {
    log(
      ready.every(Boolean)
        ? `  ready after ${((Date.now() - waitedFrom) / 1000).toFixed(1)} s`
        : `  not ready after ${API_READY_MS / 1000} s (see ${logDir}); the day starts all the same`,
    );
    // The day in force before its two services start: they read it at start-up and play it
    // from its start; one restarted later joins it where it is.
    const scenarioRuntime = createKafkaRuntime({
      ...kafkaEndpointsFromEnv(),
      brokers: endpoints.kafkaBrokers,
      registryUrl: endpoints.registryUrl,
      service: 'demo-scenario',
    });
    try {
      const command = await startNetworkDay(scenarioRuntime, network);
      log(`  scenario.control: ${network.scenario} started (command ${command.commandId})`);
    } finally {
      await scenarioRuntime.close();
    }
    for (const spec of specs.network) supervisor.start(spec);
  }
  const services = supervisor.status();

  log('');
  log('Services (stdout and stderr in the log files):');
  for (const s of services)
    log(`  ${s.name.padEnd(21)} pid ${String(s.pid).padEnd(7)} log ${s.log}`);
  log(
    `  demo tail             consumer group ${tail.groupId} on fir.crossings, flight.events, charges.calculated, disruption.events`,
  );
  log(
    `  notifier: e-mail by SMTP to Mailpit (${endpoints.smtpHost}:${endpoints.smtpPort}), SMS and webhooks mocked to ${notifier.outboxFile}`,
  );
  log(
    `    (webhook subscriber ${notifier.webhookSubscriptionId}: ${notifier.webhookEventTypes.join(', ')}; contacts from its mock directory; ledger in schema ${notifier.schema})`,
  );
  log(
    `  the api answers at ${apiUrl}/ once it is ready (read models in schema ${api.schema}); the line below says when`,
  );
  log('');
  log(
    'Ctrl-C (or `pnpm demo:stop`) stops these services, `pnpm demo:status` lists them; a service that\n' +
      'crashes is restarted. The platform stays up (`pnpm infra:down` stops it).',
  );
  log(
    'Times are event times, UTC.  FINAL lines: FIR, entry → exit, great-circle and flown distance.',
  );
  log(
    'CHARGE lines: the en-route charge of a charging-zone passage (after the FINAL crossing that ends it),\n' +
      '  written as an invoice line to PostgreSQL.',
  );
  log(
    "DISRUPTION lines: each disruption the correlator detects in the network's day (window end, type,\n" +
      '  severity, where); its updates, the passengers decided on and the notifications are on the page.',
  );
  if (clock)
    log(
      '  The replay flies today, and data/tariffs ships only published unit rates (France 2009, 2016,\n' +
        "  2018, 2022): today's charges are UNPRICED with reason NO_UNIT_RATE, never estimated.\n" +
        '  The back-billing block below prices a recording at its own date, where a rate is published.\n' +
        '  Set TARIFF_DIR to a folder with your own published rates to price them (data/tariffs/README.md).',
    );
  log('');

  // Back-billing runs beside the live traffic: its block is printed once it is complete.
  const backbill = (async () => {
    const runtime = createKafkaRuntime({
      ...kafkaEndpointsFromEnv(),
      brokers: endpoints.kafkaBrokers,
      registryUrl: endpoints.registryUrl,
      service: 'demo-backbill',
    });
    try {
      const writer = loadConfig(writerConfigSchema);
      return await demoBackbill(
        `${root}data/trajectories`,
        runtime,
        {
          url: endpoints.postgresUrl,
          schema: writer.DATABASE_SCHEMA,
          paymentTermsDays: writer.PAYMENT_TERMS_DAYS,
        },
        log,
      );
    } finally {
      await runtime.close();
    }
  })().catch((error: unknown) => {
    log(`back-billing failed: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  });

  // Once the api is ready (some seconds after the others: it migrates, joins its group and
  // reads flights.state), where to open the page.
  const apiAnswers = (async () => {
    const ready = await apiReady(apiUrl, { timeoutMs: API_READY_MS, gone: () => stopping });
    if (stopping) return ready;
    if (!ready) {
      log(
        `api: not ready at ${apiUrl}/health/ready after ${API_READY_MS / 1000} s — see ${supervisor.current('api')?.log}`,
      );
      return false;
    }
    log('');
    log(
      page.built
        ? `Open ${apiUrl}/ — the live globe (click an aircraft; invoices, batch jobs, disruptions and notifications in the bar); the REST api at ${apiUrl}/docs`
        : `The REST api: ${apiUrl}/docs (the web page did not build: see above; pnpm web:build, then restart the demo)`,
    );
    log(
      `What to look at: Disruptions (${apiUrl}/v1/disruptions) fill as the network's day goes on, the first within a\n` +
        `  minute or two; Notifications (${apiUrl}/v1/notifications) are what the notifier sent about them and about\n` +
        `  the invoices; the e-mails themselves are in Mailpit at ${endpoints.mailpitUrl}; SMS and webhooks in ${notifier.outboxFile}.`,
    );
    log('');
    return true;
  })();

  const clockTimer = setInterval(() => void saveClock(), 5_000);
  const timer =
    args.timeoutMs === null
      ? null
      : setTimeout(() => {
          log(
            `demo: timed out after ${args.timeoutMs} ms with ${charged.size} of ${args.exitAfter ?? '?'} charges (${finals} FINAL crossings seen, ${chargedCrossings.size} of them charged; see ${logDir})`,
          );
          done(1);
        }, args.timeoutMs);

  let code = await finished;
  // --exit-after also waits for the back-billing's block (its invoice is part of the show).
  if (code === 0 && args.exitAfter !== null && (await backbill) === null) code = 1;
  // And for the api: the page and REST answer before it counts as done.
  if (code === 0 && args.exitAfter !== null && !(await apiAnswers)) code = 1;
  stopping = true;
  if (timer) clearTimeout(timer);
  clearInterval(clockTimer);
  await saveClock();
  log('Stopping:');
  await supervisor.stopAll(STOP_DEADLINE_MS);
  status.stoppedAt = new Date().toISOString();
  saveStatus();
  await tail.stop();
  if (code === 0 && args.exitAfter !== null)
    log(`demo: ${finals} FINAL crossings seen, ${chargedCrossings.size} charged`);
  log(`demo: ${disruptionsDetected} disruptions detected in the network's day while it ran`);
  return code;
}

let args: DemoArgs;
try {
  args = parseDemoArgs(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`demo: ${error.message}\n\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
main(args).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
