import { once } from 'node:events';
import { createPool, dropSchema, type Pool, uniqueSchema } from '@overfly/db';
import { afterAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../../../tests/support/endpoints.js';
import { isolatedRuntime } from '../../../tests/support/kafka-runtime.js';
import { mailpit } from '../../../tests/support/mailpit.js';
import { waitFor } from '../../../tests/support/wait-for.js';
import { retryDeadLettered } from './ledger/operations.js';
import { passengerEvent } from './test-support/events.js';
import { startFakeSmsProvider } from './test-support/fake-sms-provider.js';
import { startFakeWebhookReceiver } from './test-support/fake-webhook-receiver.js';
import { type NotifierProcess, startNotifierProcess } from './test-support/notifier-process.js';

const { databaseUrl } = testEndpoints();
const SECRET = 'chaos-test-webhook-secret-0123456789abcdef';
const schemas: string[] = [];
afterAll(async () => {
  for (const s of schemas) await dropSchema(databaseUrl, s);
});

/** Faulty receivers, the notifier's env pointing at them, and the ledger to read. */
async function setup(label: string, seed: number) {
  const { runtime, prefix } = await isolatedRuntime(label);
  const schema = uniqueSchema(label.replace(/-/g, '_'));
  schemas.push(schema);
  // 30 % of calls fail (500/503), 5 % hang (never answered, not processed), 5 % are 429
  // with Retry-After: 1 s.
  const faults = { failureRate: 0.3, hangRate: 0.05, rateLimitRate: 0.05, retryAfterSeconds: 1 };
  const sms = await startFakeSmsProvider({ ...faults, seed });
  const hooks = await startFakeWebhookReceiver({ ...faults, secrets: [SECRET], seed: seed + 1 });
  const env = {
    SMS_MODE: 'twilio',
    SMS_BASE_URL: sms.url,
    TWILIO_ACCOUNT_SID: sms.accountSid,
    TWILIO_AUTH_TOKEN: sms.authToken,
    TWILIO_SENDER: '+15005550006',
    WEBHOOK_SUBSCRIPTIONS: JSON.stringify([
      { id: 'ops', url: `${hooks.url}/hooks`, secret: SECRET, eventTypes: ['passenger.*'] },
    ]),
    MOCK_SCENARIOS: 'network-normal',
    // Generous enough that a loaded machine's slow answer is not taken for a lost one (an
    // SMTP server that accepted a message then timed out is a repeat no key can prevent).
    NOTIFIER_SEND_TIMEOUT: '3s',
    NOTIFIER_BREAKER_RESET: '2s',
    NOTIFIER_RETRY_BASE: '200ms',
    NOTIFIER_RETRY_CAP: '1s',
    NOTIFIER_MAX_ATTEMPTS: '20',
    NOTIFIER_LEASE: '12s',
  };
  const pool = createPool({ url: databaseUrl, schema, max: 2 });
  return { runtime, prefix, schema, sms, hooks, env, pool };
}

interface Row {
  notification_id: string;
  channel: string;
  status: string;
  resumes: number;
  last_error: string | null;
}

async function ledgerRows(pool: Pool): Promise<Row[]> {
  try {
    const { rows } = await pool.query<Row>(
      'SELECT notification_id, channel, status, resumes, last_error FROM deliveries',
    );
    return rows;
  } catch {
    return []; // not migrated yet
  }
}

const FINAL = new Set(['SENT', 'DELIVERED', 'DEAD_LETTERED', 'SUPPRESSED']);
/** Sent, and for webhooks delivered (the receiver's 2xx confirms it). */
const DONE = new Set(['SENT', 'DELIVERED']);

/**
 * Waits until every one of `expected` deliveries is planned and in a final state; on a
 * timeout, says where the ledger stands and what the notifier last logged.
 */
async function settled(pool: Pool, expected: number, running: () => NotifierProcess) {
  try {
    return await waitFor(
      async () => {
        const run = running();
        if (run.child.exitCode !== null) throw new Error(`notifier exited:\n${run.output()}`);
        const rows = await ledgerRows(pool);
        return rows.length === expected && rows.every((r) => FINAL.has(r.status)) ? rows : null;
      },
      { timeoutMs: 200_000, intervalMs: 500, message: 'every delivery sent or dead-lettered' },
    );
  } catch (error) {
    const rows = await ledgerRows(pool);
    const by = (r: Row) => `${r.channel} ${r.status}`;
    const counts = Object.fromEntries(
      [...new Set(rows.map(by))].map((k) => [k, rows.filter((r) => by(r) === k).length]),
    );
    const open = rows.filter((r) => !FINAL.has(r.status)).slice(0, 5);
    throw new Error(
      `${(error as Error).message}; ${rows.length} of ${expected} planned: ${JSON.stringify(counts)}; not final: ${JSON.stringify(open)}; the notifier's last lines:\n${running().output().slice(-4_000)}`,
    );
  }
}

/** Message-ID (the notification id) → copies in Mailpit. */
async function mailCounts(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const m of await mailpit().list(undefined, 1_000)) {
    const id = m.MessageID.replace(/^<|>$/g, '').split('@')[0] ?? '';
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

const stop = async (run: NotifierProcess, signal: NodeJS.Signals) => {
  if (run.child.exitCode !== null || run.child.signalCode !== null) return;
  const exited = once(run.child, 'exit');
  run.child.kill(signal);
  await exited;
};

describe('notifier against receivers that fail 30 % of calls and sometimes hang', () => {
  it('delivers every notification once or dead-letters it, and never calls before Retry-After', {
    timeout: 240_000,
  }, async () => {
    const t = await setup('notifier-faults', 7);
    const run = t.prefix.replace(/[^a-z0-9]/gi, '').slice(-10);
    const events = [
      ...Array.from({ length: 14 }, (_, i) =>
        passengerEvent(i, run, { type: 'REBOOKING_PROPOSED', contactRef: `C${run}-${i}` }),
      ),
      ...Array.from({ length: 4 }, (_, i) => passengerEvent(100 + i, run)),
    ];
    // The subscriber refuses one delivery for good (422): dead-lettered, with its reason.
    const refused = events[5]!;
    t.hooks.setAnswer((d) =>
      d.body.includes(`"passengerId":"${refused.passengerId}"`)
        ? { status: 422, body: '{"error":"unprocessable"}' }
        : { status: 200, body: JSON.stringify({ id: d.receiverId }) },
    );
    const producer = await t.runtime.producer();
    await producer.send(
      'passenger.events',
      events.map((e) => ({ key: e.passengerId, value: e })),
    );
    // 14 × (e-mail, SMS, webhook) + 4 × (e-mail, webhook).
    const expected = 14 * 3 + 4 * 2;
    const notifier = startNotifierProcess(t.prefix, t.schema, t.env);
    try {
      const rows = await settled(t.pool, expected, () => notifier);
      const dead = rows.filter((r) => r.status === 'DEAD_LETTERED');
      expect(dead.map((r) => r.channel)).toEqual(['WEBHOOK']);
      expect(dead[0]?.last_error).toMatch(/422/);
      const sent = rows.filter((r) => DONE.has(r.status));
      // A webhook's 2xx is delivery; an SMTP 250 or Twilio's 201 is acceptance.
      expect(
        sent.filter((r) => r.status === 'DELIVERED').every((r) => r.channel === 'WEBHOOK'),
      ).toBe(true);
      expect(
        sent.filter((r) => r.channel === 'WEBHOOK').every((r) => r.status === 'DELIVERED'),
      ).toBe(true);
      expect(sent).toHaveLength(expected - 1);

      // Once each: by idempotency key at the SMS provider and the webhook receiver, by
      // Message-ID in Mailpit.
      const sentIds = (channel: string) =>
        sent
          .filter((r) => r.channel === channel)
          .map((r) => r.notification_id)
          .sort();
      const smsCounts = t.sms.countsByIdempotencyKey();
      expect(Object.keys(smsCounts).sort()).toEqual(sentIds('SMS'));
      expect(Object.values(smsCounts).every((n) => n === 1)).toBe(true);
      const hookCounts = t.hooks.countsByIdempotencyKey();
      expect(Object.keys(hookCounts).sort()).toEqual(sentIds('WEBHOOK'));
      expect(Object.values(hookCounts).every((n) => n === 1)).toBe(true);
      const mails = await mailCounts();
      expect(sentIds('EMAIL').map((id) => mails.get(id))).toEqual(sentIds('EMAIL').map(() => 1));

      // The faults did happen, and no call came before a 429's Retry-After had passed.
      for (const fake of [t.sms, t.hooks]) {
        const requests = fake.requests();
        expect(requests.some((r) => r.outcome.startsWith('error-'))).toBe(true);
        expect(requests.some((r) => r.outcome === 'hang')).toBe(true);
        const limited = requests.filter((r) => r.status === 429);
        expect(limited.length).toBeGreaterThan(0);
        for (const r of limited) {
          const early = requests.filter((q) => q.at > r.at && q.at < r.at + 1_000 - 20);
          expect(early).toEqual([]);
        }
      }

      // The dead letter names the source event and why.
      const letters = await t.runtime.readDeadLetters();
      const letter = letters.letters.find((l) => l.letter.errorCode === 'NOTIFIER_UNDELIVERABLE');
      expect(letter?.letter.errorMessage).toMatch(/WEBHOOK to ops .*422/);

      // The subscriber fixed: the operator's retry (pnpm overfly notifications retry) sends it.
      t.hooks.setAnswer((d) => ({ status: 200, body: JSON.stringify({ id: d.receiverId }) }));
      t.hooks.configure({});
      const id = dead[0]?.notification_id as string;
      expect(await retryDeadLettered(t.pool, [id], Date.now())).toEqual([id]);
      await waitFor(
        async () =>
          (await ledgerRows(t.pool)).find((r) => r.notification_id === id)?.status === 'DELIVERED'
            ? true
            : null,
        { timeoutMs: 30_000, intervalMs: 200, message: 'the retried delivery sent' },
      );
      expect(t.hooks.countsByIdempotencyKey()[id]).toBe(1);
      expect(notifier.output()).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
    } finally {
      await stop(notifier, 'SIGTERM');
      await Promise.all([t.sms.close(), t.hooks.close(), t.pool.end()]);
    }
  });

  it('loses none and sends no SMS twice, nor anything else but a send a SIGKILL cut short, killed ten times', {
    timeout: 360_000,
  }, async () => {
    const t = await setup('notifier-kills', 11);
    const run = t.prefix.replace(/[^a-z0-9]/gi, '').slice(-10);
    const events = Array.from({ length: 30 }, (_, i) =>
      passengerEvent(i, run, { type: 'CARE_OFFERED', contactRef: `C${run}-${i}` }),
    );
    const producer = await t.runtime.producer();
    const expected = events.length * 3;
    // Published in ten parts while the notifier runs and is killed: a replay arriving.
    let current = startNotifierProcess(t.prefix, t.schema, t.env);
    const outputs: string[] = [];
    try {
      for (let kill = 0; kill < 10; kill++) {
        const part = events.slice(kill * 3, kill * 3 + 3);
        await producer.send(
          'passenger.events',
          part.map((e) => ({ key: e.passengerId, value: e })),
        );
        // Killed while it works: once it has started sending, after a varying delay.
        const sentBefore = (await ledgerRows(t.pool)).filter((r) => r.status !== 'PENDING').length;
        await waitFor(
          async () =>
            current.child.exitCode === null &&
            (await ledgerRows(t.pool)).filter((r) => r.status !== 'PENDING').length > sentBefore
              ? true
              : null,
          { timeoutMs: 15_000, intervalMs: 50, message: `kill ${kill + 1}: work under way` },
        ).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 150 + ((kill * 377) % 900)));
        await stop(current, 'SIGKILL');
        outputs.push(current.output());
        current = startNotifierProcess(t.prefix, t.schema, t.env);
      }
      const rows = await settled(t.pool, expected, () => current);
      outputs.push(current.output());

      // None lost: every delivery was sent (the receivers answer 2xx in the end).
      expect(rows.filter((r) => !DONE.has(r.status))).toEqual([]);
      const at = {
        SMS: t.sms.countsByIdempotencyKey(),
        WEBHOOK: t.hooks.countsByIdempotencyKey(),
        EMAIL: Object.fromEntries(await mailCounts()),
      } as Record<string, Record<string, number>>;
      const missing = rows.filter((r) => !at[r.channel]?.[r.notification_id]);
      expect(missing).toEqual([]);
      // None twice, but for a send a kill cut between the receiver's answer and the ledger's
      // mark (resumed: sent again with the same key; see README "Exactly once").
      const twice = rows.filter((r) => (at[r.channel]?.[r.notification_id] ?? 0) > 1);
      expect(twice.filter((r) => r.resumes === 0)).toEqual([]);
      // An SMS is never twice: a resumed one is looked up in Twilio's list before it is sent.
      expect(twice.filter((r) => r.channel === 'SMS')).toEqual([]);
      const resumed = rows.filter((r) => r.resumes > 0).length;
      console.log(
        `notifier killed 10 times: ${rows.length} deliveries, ${resumed} sends cut short and resumed, ${twice.length} received twice (${twice.map((r) => r.channel).join(', ') || 'none'})`,
      );
      for (const output of outputs) expect(output).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
    } finally {
      await stop(current, 'SIGTERM');
      await Promise.all([t.sms.close(), t.hooks.close(), t.pool.end()]);
    }
  });
});
