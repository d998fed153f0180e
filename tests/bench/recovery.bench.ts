/**
 * pnpm bench:recovery [--kills 10] [--aircraft 5000] [--rate 500] [--baseline-session 30s]
 *
 * How long a fir-analyser group stalls after a member is SIGKILLed, measured. fir-analyser
 * runs as real processes on a unique topic prefix, while this bench publishes positions
 * at a steady rate (`--aircraft` aircraft, `--rate` positions/s over all six partitions).
 * Two ways to lose a member, `--kills` times each:
 *  - restarted: the only member is SIGKILLed and a new one started at once, as a
 *    supervisor (systemd, Kubernetes) would;
 *  - survivor: one of two members is SIGKILLed and not restarted; the other takes over.
 * A recovery is the time from the kill until every partition of the input has been
 * consumed and checkpointed again: its committed offset has moved past where it stood at
 * the kill (the analysers run with CHECKPOINT_INTERVAL=250ms, so that adds at most about
 * 0.4 s). Each way runs with the defaults and, as the baseline in the same run, with the
 * old 30 s session (`--baseline-session`; its heartbeat is kafkajs' 3 s, as before), and
 * prints median and worst of each beside the other and their ratio. Asserts nothing.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { DURATION_FORMAT, parseDuration } from '@overfly/config';
import { createKafkaRuntime, type KafkaAdmin } from '@overfly/kafka';
import { testEndpoints } from '../support/endpoints.js';
import { deleteTopicsWithPrefix, testAdmin, uniquePrefix } from '../support/kafka-admin.js';
import { samplePosition } from '../support/positions.js';
import { freePort, machineCpu, metricValue, pct, spawnTs, stop } from './support/processes.js';

const CHECKPOINT_INTERVAL = '250ms';
/** A recovery that takes longer than this counts as failed (and ends its series). */
const GIVE_UP_MS = 180_000;
const POLL_MS = 100;

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      kills: { type: 'string', default: '10' },
      aircraft: { type: 'string', default: '5000' },
      rate: { type: 'string', default: '500' },
      'baseline-session': { type: 'string', default: '30s' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(
      'pnpm bench:recovery [--kills 10] [--aircraft 5000] [--rate 500] [--baseline-session 30s]\n' +
        '  --kills             SIGKILLs per way of losing a member and per configuration\n' +
        '  --aircraft          aircraft in the input (the state each member restores)\n' +
        '  --rate              positions/s published over the six partitions\n' +
        '  --baseline-session  KAFKA_SESSION_TIMEOUT of the baseline (the old default)',
    );
    process.exit(0);
  }
  const positiveInt = (name: string, raw: string) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) {
      console.error(`--${name} must be a whole number > 0, got "${raw}"`);
      process.exit(2);
    }
    return n;
  };
  const baseline = values['baseline-session'];
  if (parseDuration(baseline) === null) {
    console.error(`--baseline-session: expected ${DURATION_FORMAT}, got "${baseline}"`);
    process.exit(2);
  }
  return {
    kills: positiveInt('kills', values.kills),
    aircraft: positiveInt('aircraft', values.aircraft),
    rate: positiveInt('rate', values.rate),
    baseline,
  };
}

interface Trial {
  /** Kill → every partition committed past where it stood. */
  ms: number;
  /** Kill → the last 'state restored' of a member before that (its restore done). */
  restoredMs: number;
  /** How long that restore took (reading the changelog). */
  restoreMs: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Member {
  child: ReturnType<typeof spawnTs>;
  port: number;
  /** Its positions counter at the last look (null: not answering yet). */
  seen: number | null;
}

/** When a member logged that its state was restored (it was assigned partitions), and how long that took. */
interface Restore {
  at: number;
  ms: number;
}

/** Reads a member's pino lines for 'state restored' (LOG_LEVEL=info). */
function watchRestores(member: Member, restores: Restore[]): void {
  let partial = '';
  member.child.stdout?.setEncoding('utf8');
  member.child.stdout?.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.includes('state restored')) continue;
      try {
        const entry = JSON.parse(line) as { msg?: string; ms?: number };
        if (entry.msg === 'state restored') restores.push({ at: Date.now(), ms: entry.ms ?? 0 });
      } catch {
        // not a log line
      }
    }
  });
}

const alive = (m: Member) => m.child.exitCode === null && m.child.signalCode === null;

async function main() {
  const { kills, aircraft, rate, baseline } = options();
  const prefix = uniquePrefix('recovery');
  const { brokers, registryUrl } = testEndpoints();
  const input = `${prefix}flights.updates`;
  console.log(
    `bench:recovery — fir-analyser, ${aircraft.toLocaleString('en-US')} aircraft, ${rate} positions/s over 6 partitions, ` +
      `CHECKPOINT_INTERVAL ${CHECKPOINT_INTERVAL}; ${kills} SIGKILLs per case; ${availableParallelism()} cores; prefix ${prefix}`,
  );

  const runtime = createKafkaRuntime({
    brokers,
    registryUrl,
    service: 'bench-recovery',
    topicPrefix: prefix,
  });
  const admin: KafkaAdmin = testAdmin('bench-recovery');
  const members = new Set<Member>();
  const groups: string[] = [];
  let publishing = true;
  let published = 0;
  let publisher: Promise<void> = Promise.resolve();
  const restores: Restore[] = [];

  try {
    await runtime.ensureTopics();
    const producer = await runtime.producer();
    // The input: every aircraft reports in turn, `rate` positions a second, in 100 ms steps.
    const seqOf = new Array<number>(aircraft).fill(0);
    const base = Date.now();
    publisher = (async () => {
      let next = Date.now();
      while (publishing) {
        const records = [];
        for (let i = 0; i < rate / 10; i++) {
          const a = published++ % aircraft;
          const value = samplePosition(a, seqOf[a]!++, base);
          records.push({ key: value.icao24, value });
        }
        await producer.send('flights.updates', records);
        next += 100;
        await sleep(Math.max(0, next - Date.now()));
      }
    })().catch((error: unknown) => {
      console.error(`publishing failed: ${String(error)}`);
      publishing = false;
    });

    const committed = async (group: string): Promise<Map<number, number>> => {
      const offsets = await admin.committedOffsets(group, input);
      return new Map([...offsets].map(([p, o]) => [p, o === null ? -1 : Number(o)]));
    };
    const partitions = (await admin.topicOffsets(input)).map((p) => p.partition);

    const start = async (group: string, env: Record<string, string>): Promise<Member> => {
      const port = await freePort();
      const child = spawnTs(
        'services/fir-analyser/src/main.ts',
        [],
        {
          TOPIC_PREFIX: prefix,
          KAFKA_GROUP_ID: group,
          METRICS_PORT: String(port),
          CHECKPOINT_INTERVAL,
          LOG_LEVEL: 'info',
          ...env,
        },
        ['ignore', 'pipe', 'inherit'],
      );
      const member: Member = { child, port, seen: null };
      watchRestores(member, restores);
      members.add(member);
      return member;
    };

    /**
     * Until every partition's commit moves on three looks in a row, and every member's
     * counter too (each holds partitions): a group at work, not one in a rebalance.
     */
    const steady = async (group: string, live: Member[]) => {
      const by = Date.now() + GIVE_UP_MS;
      let last = await committed(group);
      let streak = 0;
      while (streak < 3) {
        if (Date.now() > by) throw new Error(`group ${group} never settled`);
        await sleep(500);
        for (const m of live) if (!alive(m)) throw new Error(`a member of ${group} exited`);
        const now = await committed(group);
        const moving = partitions.every((p) => (now.get(p) ?? -1) > (last.get(p) ?? -1));
        let working = true;
        for (const m of live) {
          const n = await metricValue(m.port, 'overfly_fir_positions_total');
          if (n === null || m.seen === null || n <= m.seen) working = false;
          m.seen = n;
        }
        streak = moving && working ? streak + 1 : 0;
        last = now;
      }
    };

    /**
     * SIGKILL, then the time until every partition's commit has passed where it stood; and
     * of that, until a member logged its restore done, and how long that restore took.
     */
    const killAndTime = async (
      group: string,
      victim: Member,
      afterKill: () => Promise<void>,
    ): Promise<Trial> => {
      victim.child.kill('SIGKILL');
      const killedAt = Date.now();
      members.delete(victim);
      await afterKill();
      const before = await committed(group);
      for (;;) {
        await sleep(POLL_MS);
        const now = await committed(group);
        if (partitions.every((p) => (now.get(p) ?? -1) > (before.get(p) ?? -1))) {
          const restored = restores.filter((r) => r.at >= killedAt).at(-1);
          return {
            ms: Date.now() - killedAt,
            restoredMs: restored ? restored.at - killedAt : Number.NaN,
            restoreMs: restored ? restored.ms : Number.NaN,
          };
        }
        if (Date.now() - killedAt > GIVE_UP_MS)
          return { ms: Number.POSITIVE_INFINITY, restoredMs: Number.NaN, restoreMs: Number.NaN };
      }
    };

    const configurations = [
      { key: 'default', label: 'defaults (6 s session)', env: {} },
      {
        key: 'baseline',
        label: `baseline (${baseline} session)`,
        env: { KAFKA_SESSION_TIMEOUT: baseline },
      },
    ] as const;
    type Case = 'restarted' | 'survivor';
    const results = new Map<string, Trial[]>();
    const machineBefore = machineCpu();

    for (const way of ['restarted', 'survivor'] as Case[]) {
      for (const config of configurations) {
        const group = `${prefix}${way}-${config.key}`;
        groups.push(group);
        const trials: Trial[] = [];
        results.set(`${way}/${config.key}`, trials);
        console.error(`${way}, ${config.label}: starting`);
        let live = way === 'restarted' ? [await start(group, config.env)] : [];
        if (way === 'survivor') {
          live.push(await start(group, config.env));
          await steady(group, live); // one at a time: two joining at once only rebalance twice
          live.push(await start(group, config.env));
        }
        await steady(group, live);
        for (let k = 0; k < kills; k++) {
          const [victim, ...rest] = live;
          let replacement: Member | undefined;
          const trial = await killAndTime(group, victim!, async () => {
            if (way === 'restarted') replacement = await start(group, config.env);
          });
          trials.push(trial);
          console.error(
            `  kill ${k + 1}: ${(trial.ms / 1000).toFixed(2)} s (restore done after ${(trial.restoredMs / 1000).toFixed(2)} s, it took ${(trial.restoreMs / 1000).toFixed(2)} s)`,
          );
          if (!Number.isFinite(trial.ms)) break;
          live = way === 'restarted' ? [replacement!] : rest;
          if (way === 'survivor' && k < kills - 1) {
            // The next victim: a fresh second member, once the group works with both.
            live.push(await start(group, config.env));
          }
          if (k < kills - 1) await steady(group, live);
        }
        for (const m of live) {
          await stop(m.child);
          members.delete(m);
        }
      }
    }
    const machineAfter = machineCpu();

    const seconds = (ms: number) =>
      Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : 'failed';
    const median = (values: number[]) =>
      pct(
        [...values].sort((a, b) => a - b),
        0.5,
      );
    const summary = (trials: Trial[]) => {
      const sorted = trials.map((t) => t.ms).sort((a, b) => a - b);
      return {
        median: pct(sorted, 0.5),
        worst: sorted.at(-1) ?? Number.NaN,
        n: sorted.length,
        restored: median(trials.map((t) => t.restoredMs)),
        restore: median(trials.map((t) => t.restoreMs)),
      };
    };
    console.log('');
    console.log(
      'recovery after a SIGKILL: from the kill until every partition is consumed and checkpointed again',
    );
    const rows: Array<[string, Case]> = [
      ['restarted at once (a supervisor)', 'restarted'],
      ['survivor takes over (no restart)', 'survivor'],
    ];
    for (const [label, way] of rows) {
      const now = summary(results.get(`${way}/default`) ?? []);
      const old = summary(results.get(`${way}/baseline`) ?? []);
      const ratio = (a: number, b: number) =>
        Number.isFinite(a) && Number.isFinite(b) && a > 0 ? `${(b / a).toFixed(1)}×` : 'n/a';
      console.log(
        `  ${label.padEnd(34)} ${configurations[0].label}: median ${seconds(now.median).padStart(8)}, worst ${seconds(now.worst).padStart(8)} (${now.n} kills)   ` +
          `${configurations[1].label}: median ${seconds(old.median).padStart(8)}, worst ${seconds(old.worst).padStart(8)} (${old.n} kills)   ` +
          `faster by ${ratio(now.median, old.median)} (median), ${ratio(now.worst, old.worst)} (worst)`,
      );
      console.log(
        `  ${''.padEnd(34)} of which, medians: kill → a member's state restored ${seconds(now.restored)} (restoring took ${seconds(now.restore)}); baseline ${seconds(old.restored)} (${seconds(old.restore)})`,
      );
    }
    const busy =
      (machineAfter.busySeconds - machineBefore.busySeconds) /
      (machineAfter.totalSeconds - machineBefore.totalSeconds);
    console.log(
      `the whole machine was ${(100 * busy).toFixed(0)}% busy meanwhile (this bench, its analysers, Kafka, and whatever else ran)`,
    );
  } finally {
    publishing = false;
    await publisher.catch(() => undefined);
    for (const m of members) await stop(m.child);
    await runtime.close().catch(() => undefined);
    await admin.deleteGroups(groups).catch(() => undefined);
    await admin.close().catch(() => undefined);
    await deleteTopicsWithPrefix(prefix);
  }
}

await main();
