// The whole system under faults, from the demo command (`pnpm test:chaos`, not CI: minutes).
// `pnpm demo` runs every service under its supervisor; while the replay and the network's
// day play, a random service (never the broker) is SIGKILLed every 2–5 s, 20 times, then
// PostgreSQL is stopped for 10 s. The supervisor must restart each killed service, and only
// those (a restart the test did not cause is a crash); no service may log a stack trace; and
// nothing may be lost or doubled: every charge on charges.calculated has exactly one invoice
// line, every crossing on fir.crossings is in the api, every notification the notifier
// marked SENT by e-mail is in Mailpit exactly once, and dead.letter stays empty.
// (The billing pipeline's kill runs compare whole documents with an undisturbed run:
// pipeline-chaos.test.ts; here the input never ends, so the test checks each output against
// the input it came from.)
import { readFileSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createKafkaRuntime } from '@overfly/kafka';
import { mulberry32 } from '@overfly/scenarios';
import { afterAll, describe, expect, it } from 'vitest';
import { clockFile } from '../../scripts/demo/samples.js';
import { readStatus, statusFile } from '../../scripts/demo/status-file.js';
import {
  createPool,
  dropSchema,
  uniqueSchema,
} from '../../services/invoice-writer/src/test-support/db.js';
import { demoEnvOf, startDemo } from '../support/demo-run.js';
import { testEndpoints } from '../support/endpoints.js';
import { deleteTopicsWithPrefix } from '../support/kafka-admin.js';
import { mailpit } from '../support/mailpit.js';
import { outage } from '../support/outage.js';
import { waitFor } from '../support/wait-for.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const prefix = `test.demochaos.${Date.now().toString(36)}.`;
const schema = uniqueSchema('demochaos');
const { databaseUrl, brokers, registryUrl } = testEndpoints();
const KILLS = Number(process.env.CHAOS_DEMO_KILLS ?? 20);
const OPEN_LINE = /^Open (http:\/\/127\.0\.0\.1:\d+)\/ — the live globe/m;
// A stack frame, raw or inside a JSON log line's string.
const STACK_LINE = /(^|\\n)\s+at \S.*:\d+:\d+\)?/m;

afterAll(async () => {
  await deleteTopicsWithPrefix(prefix);
  for (const s of [schema, `${schema}_api`, `${schema}_metrics`, `${schema}_notifier`])
    await dropSchema(databaseUrl, s);
  rmSync(clockFile(`${root}.overfly/demo`, prefix), { force: true });
});

const services = () => readStatus(statusFile(`${root}.overfly/demo`))?.services ?? [];

describe('the whole system from pnpm demo, under SIGKILL and a PostgreSQL outage', () => {
  it(`restarts each of ${KILLS} killed services, loses and doubles nothing`, {
    timeout: 900_000,
  }, async () => {
    const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
    const { next } = mulberry32(seed);
    console.log(`demo chaos seed ${seed} (CHAOS_SEED=${seed} repeats this kill sequence)`);
    const demo = startDemo(
      ['--api-port', '0'],
      demoEnvOf(process.env, { TOPIC_PREFIX: prefix, DATABASE_SCHEMA: schema }),
    );
    const pool = createPool({ url: databaseUrl, schema, max: 2 });
    try {
      const out = await demo.waitFor('the api', (o) => OPEN_LINE.test(o), 180_000);
      const url = OPEN_LINE.exec(out)?.[1] ?? '';
      const names = services().map((s) => s.name);
      expect(names.length).toBeGreaterThanOrEqual(11);

      // 1. Kills: a random service every 2–5 s, each killed pid seen replaced before the next.
      const kills = new Map<string, number>();
      for (let i = 0; i < KILLS; i++) {
        await sleep(2_000 + next() * 3_000);
        const victim = await waitFor(
          () => {
            const running = services().filter((s) => s.state === 'running' && s.pid > 0);
            return running.length > 0
              ? (running[Math.floor(next() * running.length)] ?? null)
              : null;
          },
          { timeoutMs: 60_000, intervalMs: 200, message: 'a running service to kill' },
        );
        process.kill(victim.pid, 'SIGKILL');
        kills.set(victim.name, (kills.get(victim.name) ?? 0) + 1);
        await waitFor(
          () => services().find((s) => s.name === victim.name && s.pid !== victim.pid) ?? null,
          { timeoutMs: 90_000, intervalMs: 200, message: `${victim.name} restarted` },
        );
      }
      console.log(
        `[demo chaos] ${KILLS} kills: ${[...kills].map(([n, k]) => `${n} ${k}`).join(', ')}`,
      );

      // 2. PostgreSQL away for 10 s: the services wait for it, none restarts.
      const times = await outage('postgres', 10_000);
      console.log(
        `[demo chaos] postgres down ${((times.restartedAt - times.stoppedAt) / 1000).toFixed(1)} s`,
      );

      // 3. Every output against its input, once things have caught up. Inputs are read now;
      //    the outputs must come to hold all of them (the demo goes on producing meanwhile).
      const reader = createKafkaRuntime({
        brokers,
        registryUrl,
        service: 'demo-chaos-reader',
        topicPrefix: prefix,
      });
      const chargeIds = new Set<string>();
      const crossingIds = new Set<string>();
      const deadLetters: string[] = [];
      try {
        await reader.readToEnd('charges.calculated', (m) => {
          if (m.value) chargeIds.add(m.value.chargeId);
        });
        await reader.readToEnd('fir.crossings', (m) => {
          if (m.value) crossingIds.add(m.value.crossingId);
        });
        const letters = await reader.readDeadLetters();
        for (const { letter } of letters.letters)
          deadLetters.push(`${letter.service} ${letter.sourceTopic} ${letter.errorCode}`);
      } finally {
        await reader.close();
      }
      expect(chargeIds.size, 'charges during the run').toBeGreaterThan(10);
      expect(deadLetters, 'dead letters').toEqual([]);
      const missingLines = await waitFor(
        async () => {
          const { rows } = await pool.query<{ charge_id: string }>(
            'SELECT DISTINCT charge_id FROM invoice_lines',
          );
          const have = new Set(rows.map((r) => r.charge_id));
          const missing = [...chargeIds].filter((id) => !have.has(id));
          return missing.length === 0 ? missing : null;
        },
        { timeoutMs: 180_000, intervalMs: 1_000, message: 'an invoice line for every charge' },
      );
      expect(missingLines).toEqual([]);
      // Revised charges (a passage priced again after a redelivery) supersede a line; what
      // is billed is the live line of each crossing, one per charge.
      const { rows: doubled } = await pool.query<{ charge_id: string; n: number }>(
        `SELECT charge_id, count(*)::int AS n FROM invoice_lines
          WHERE superseded_by IS NULL GROUP BY 1 HAVING count(*) > 1`,
      );
      expect(doubled, 'charges with more than one live invoice line').toEqual([]);
      const { rows: revised } = await pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM invoice_lines WHERE superseded_by IS NOT NULL',
      );
      await waitFor(
        async () => {
          const { rows } = await pool.query<{ crossing_id: string }>(
            `SELECT crossing_id FROM ${schema}_api.crossings`,
          );
          const have = new Set(rows.map((r) => r.crossing_id));
          return [...crossingIds].every((id) => have.has(id));
        },
        { timeoutMs: 180_000, intervalMs: 1_000, message: 'every crossing in the api' },
      );

      // E-mails: each SENT one is in Mailpit, once. Mailpit keeps its newest 500 messages
      // (its default, as infra runs it) and a network day sends more, so only e-mails sent
      // after the oldest one it still holds can be looked for.
      const inbox = await mailpit().list(undefined, 500);
      const oldest = Math.min(...inbox.map((m) => Date.parse(m.Created)));
      const received = new Map<string, number>();
      for (const m of inbox) {
        const id = m.MessageID.replace(/^<|>$/g, '').split('@')[0] ?? '';
        received.set(id, (received.get(id) ?? 0) + 1);
      }
      const { rows: sent } = await pool.query<{ notification_id: string }>(
        `SELECT notification_id FROM ${schema}_api.notifications
          WHERE channel = 'EMAIL' AND status = 'SENT' AND updated_at > $1`,
        [oldest + 2_000],
      );
      expect(sent.length, 'e-mails sent during the run, still in Mailpit').toBeGreaterThan(0);
      const lost = sent.filter((n) => !received.has(n.notification_id));
      const { rows: ours } = await pool.query<{ notification_id: string }>(
        `SELECT notification_id FROM ${schema}_api.notifications WHERE channel = 'EMAIL'`,
      );
      const twice = ours.filter((n) => (received.get(n.notification_id) ?? 0) > 1);
      expect(lost, 'SENT e-mails not in Mailpit').toEqual([]);
      expect(twice, 'e-mails received twice').toEqual([]);

      // The supervisor restarted what was killed, and nothing else; no stack trace anywhere.
      const restarts = Object.fromEntries(services().map((s) => [s.name, s.restarts]));
      for (const name of names)
        expect(restarts[name] ?? 0, `${name}: restarts`).toBe(kills.get(name) ?? 0);
      for (const s of services()) {
        const log = readFileSync(s.log, 'utf8');
        expect(STACK_LINE.test(log), `${s.name}: a stack trace in ${s.log}`).toBe(false);
      }
      console.log(
        `[demo chaos] ${chargeIds.size} charges, each with its line (${revised[0]?.n ?? 0} superseded revisions); ${crossingIds.size} crossings in the api; ${sent.length} e-mails SENT, each in Mailpit once; ${url}`,
      );
    } finally {
      demo.child.kill('SIGINT');
      const code = await demo.closed;
      await pool.end();
      expect(code, demo.stdout().slice(-3_000)).toBe(0);
    }
  });
});
