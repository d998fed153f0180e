// The notifier as its own process against an SMS provider and a webhook receiver that fail,
// hang and rate-limit (seeded), and the real Mailpit: what notifier.faults.int.test.ts and
// notifier.chaos.test.ts share.
import { once } from 'node:events';
import { createPool, dropSchema, type Pool, uniqueSchema } from '@overfly/db';
import { testEndpoints } from '../../../../tests/support/endpoints.js';
import { isolatedRuntime } from '../../../../tests/support/kafka-runtime.js';
import { mailpit } from '../../../../tests/support/mailpit.js';
import { waitFor } from '../../../../tests/support/wait-for.js';
import { startFakeSmsProvider } from './fake-sms-provider.js';
import { startFakeWebhookReceiver } from './fake-webhook-receiver.js';
import type { NotifierProcess } from './notifier-process.js';

const { databaseUrl } = testEndpoints();
const SECRET = 'chaos-test-webhook-secret-0123456789abcdef';
const schemas: string[] = [];

/** Drops the schemas `setup` made: a test file's afterAll. */
export async function dropSchemas(): Promise<void> {
  for (const s of schemas.splice(0)) await dropSchema(databaseUrl, s);
}

/** Faulty receivers, the notifier's env pointing at them, and the ledger to read. */
export async function setup(label: string, seed: number) {
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

export interface Row {
  notification_id: string;
  channel: string;
  status: string;
  resumes: number;
  last_error: string | null;
}

export async function ledgerRows(pool: Pool): Promise<Row[]> {
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
export const DONE = new Set(['SENT', 'DELIVERED']);

/**
 * Waits until every one of `expected` deliveries is planned and in a final state; on a
 * timeout, says where the ledger stands and what the notifier last logged.
 */
export async function settled(pool: Pool, expected: number, running: () => NotifierProcess) {
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
export async function mailCounts(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const m of await mailpit().list(undefined, 1_000)) {
    const id = m.MessageID.replace(/^<|>$/g, '').split('@')[0] ?? '';
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** For a failure message: each key's requests at the receiver, and the notifier's lines on it. */
export function timeline(
  requests: {
    at: number;
    outcome: string;
    status: number | null;
    idempotencyKey: string | undefined;
  }[],
  keys: string[],
  output: string,
): string {
  const start = requests[0]?.at ?? 0;
  return keys
    .map((key) => {
      const calls = requests
        .filter((r) => r.idempotencyKey === key)
        .map((r) => `+${r.at - start} ms ${r.outcome} ${r.status ?? '-'}`);
      const lines = output
        .split('\n')
        .filter((l) => l.includes(key) || /"level":"(warn|error|fatal)"/.test(l))
        .slice(-20);
      return `${key}: ${calls.join('; ')}\n${lines.join('\n')}`;
    })
    .join('\n');
}

export const stop = async (run: NotifierProcess, signal: NodeJS.Signals) => {
  if (run.child.exitCode !== null || run.child.signalCode !== null) return;
  const exited = once(run.child, 'exit');
  run.child.kill(signal);
  await exited;
};
