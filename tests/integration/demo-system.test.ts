// The whole system from the demo command: `pnpm demo` starts every service (the replay and the
// simulated network's day, fir-analyser, fee-calculator, invoice-writer, ops-feed's mock, the
// disruption-correlator, the notifier, the api and its batch worker, metrics-sink), and within
// a deadline the api answers crossings, charges, invoice lines, disruptions and notifications,
// and Mailpit has received the notifier's e-mails.
//
// Isolation: its own TOPIC_PREFIX (fresh topics, so whatever the api lists is this run's, and
// the data clock of those topics starts now) and DATABASE_SCHEMA (the invoice-writer's tables,
// the api's read models, metrics-sink's and the notifier's ledger beside them). Mailpit is
// shared: an e-mail counts only when its Message-ID is one of this run's notifications.
// Every wait is on a condition with a deadline; the demo runs at its own pace (60×).
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { clockFile } from '../../scripts/demo/samples.js';
import { dropSchema, uniqueSchema } from '../../services/invoice-writer/src/test-support/db.js';
import { demoEnvOf, demoStatus, startDemo } from '../support/demo-run.js';
import { testEndpoints } from '../support/endpoints.js';
import { deleteTopicsWithPrefix } from '../support/kafka-admin.js';
import { mailpit } from '../support/mailpit.js';
import { waitFor } from '../support/wait-for.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const prefix = `test.demosys.${Date.now().toString(36)}.`;
const schema = uniqueSchema('demosys');
const { databaseUrl } = testEndpoints();

afterAll(async () => {
  await deleteTopicsWithPrefix(prefix);
  for (const s of [schema, `${schema}_api`, `${schema}_metrics`, `${schema}_notifier`])
    await dropSchema(databaseUrl, s);
  rmSync(clockFile(`${root}.overfly/demo`, prefix), { force: true });
});

const OPEN_LINE = /^Open (http:\/\/127\.0\.0\.1:\d+)\/ — the live globe/m;
const MAILPIT_LINE = /the e-mails themselves are in Mailpit at http:\/\/127\.0\.0\.1:\d+;/;
const SERVICES = [
  'api',
  'api-worker',
  'metrics-sink',
  'notifier',
  'disruption-correlator',
  'invoice-writer',
  'fee-calculator',
  'fir-analyser',
  'flight-producer',
  'ops-feed',
  'network-producer',
];

interface Page<T> {
  items: T[];
}

async function get<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
  return (await response.json()) as T;
}

/** Polls `path` until its first page holds an item `accept` takes; returns that item. */
function eventually<T>(
  url: string,
  path: string,
  timeoutMs: number,
  accept: (item: T) => boolean = () => true,
): Promise<T> {
  return waitFor(async () => (await get<Page<T>>(`${url}${path}`)).items.find(accept), {
    timeoutMs,
    intervalMs: 1_000,
    message: `an item of ${path}`,
  });
}

describe('the whole system from pnpm demo', () => {
  it('replays the bundled set and plays the network day: crossings, charges, invoice lines, disruptions and notifications through the api, e-mails in Mailpit', async () => {
    const began = Date.now();
    const demo = startDemo(
      ['--api-port', '0'],
      demoEnvOf(process.env, { TOPIC_PREFIX: prefix, DATABASE_SCHEMA: schema }),
    );
    let code: number | null;
    try {
      // The "Open" line and, printed with it, what to look at (up to its Mailpit sentence).
      const out = await demo.waitFor(
        'the api and what to look at',
        (o) => OPEN_LINE.test(o) && MAILPIT_LINE.test(o),
        150_000,
      );
      const url = OPEN_LINE.exec(out)?.[1] ?? '';
      // What to look at: disruptions, notifications and Mailpit, each with where.
      expect(out).toMatch(
        /^What to look at: Disruptions \(http:\/\/127\.0\.0\.1:\d+\/v1\/disruptions\)/m,
      );
      expect(out).toMatch(/Notifications \(http:\/\/127\.0\.0\.1:\d+\/v1\/notifications\)/);

      // Every service started, and `pnpm demo:status` lists each one running.
      const status = await demoStatus();
      expect(status.status, status.stdout).toBe(0);
      for (const name of SERVICES)
        expect(status.stdout, name).toMatch(new RegExp(`^ {2}${name} +pid \\d+ +running `, 'm'));

      // One deadline for all of it, counted from the demo's start: the network's day starts
      // once the correlator is ready, and its first disruptions come some 30 s later at 60×.
      const left = () => Math.max(1_000, began + 170_000 - Date.now());
      await eventually(url, '/v1/crossings?limit=1', left());
      await eventually(url, '/v1/charges?limit=1', left());
      // The back-billed invoice, with its line.
      const invoice = await eventually<{ invoiceId: string }>(url, '/v1/invoices?limit=1', left());
      const detail = await get<{ lines: unknown[] }>(`${url}/v1/invoices/${invoice.invoiceId}`);
      expect(detail.lines.length).toBeGreaterThan(0);
      const disruption = await eventually<{ type: string }>(url, '/v1/disruptions?limit=1', left());
      expect(disruption.type).toMatch(/^[A-Z_]+$/);
      // Notifications of the network's day: the webhook of a disruption, a passenger's message.
      await eventually<{ sourceTopic: string }>(
        url,
        '/v1/notifications?limit=200',
        left(),
        (n) => n.sourceTopic === 'disruption.events' || n.sourceTopic === 'passenger.events',
      );
      // An e-mail this run's notifier sent (SENT: Mailpit said 250) is in Mailpit.
      const sent = await eventually<{ notificationId: string }>(
        url,
        '/v1/notifications?channel=EMAIL&status=SENT&limit=100',
        left(),
      );
      const inbox = mailpit();
      await waitFor(
        async () =>
          (await inbox.list(undefined, 1_000)).some((m) =>
            m.MessageID.replace(/^<|>$/g, '').startsWith(`${sent.notificationId}@`),
          ),
        {
          timeoutMs: left(),
          intervalMs: 1_000,
          message: `the e-mail of ${sent.notificationId} in Mailpit`,
        },
      );
      console.log(
        `demo-system: everything there ${((Date.now() - began) / 1000).toFixed(1)} s after the demo started`,
      );
    } finally {
      demo.child.kill('SIGINT');
      code = await demo.closed;
    }
    expect(code, `${demo.stdout().slice(-4_000)}\n${demo.stderr()}`).toBe(0);
    for (const name of SERVICES)
      expect(demo.stdout(), name).toMatch(new RegExp(`^ {2}${name} \\(pid \\d+\\) stopped$`, 'm'));
  }, 240_000);
});
