// `npm run demo` end to end: the real script, as a child process, against the real
// platform the global setup brought up. It must start the services and the api, print FINAL
// crossings and charges from the bundled recordings and the back-billed invoice, serve the
// web page and REST while it runs, stop on Ctrl-C (SIGINT) with exit 0, and leave no service
// running. (--exit-after ends a run through the same stop; Ctrl-C is what a person does, and
// it lets the test ask the api before the demo stops it.)
//
// Isolation: flight-producer has no TOPIC_PREFIX, so the demo (and this test) use the
// shared, unprefixed topics, which no other test uses. The demo re-times its replay after
// everything earlier runs played, so a rerun is never rejected as late by the analyser's
// kept state, and its tail reads with a fresh consumer group from the end.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { clockFile } from '../../scripts/demo/samples.js';
import { alive } from '../../scripts/demo/status-file.js';
import {
  createPool,
  dropSchema,
  uniqueSchema,
} from '../../services/invoice-writer/src/test-support/db.js';
import { type DemoRun, demoEnvOf, startDemo } from '../support/demo-run.js';
import { testEndpoints } from '../support/endpoints.js';
import { deleteTopicsWithPrefix } from '../support/kafka-admin.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const firIds = new Set(
  Object.keys(
    JSON.parse(readFileSync(`${root}data/fir/fir-names.json`, 'utf8')) as Record<string, string>,
  ),
);

const prefix = `test.demo.${Date.now().toString(36)}.`;
// The invoice-writer's tables, in a schema of their own.
const schema = uniqueSchema('demo');
// The api's read models, beside them (the demo derives it from DATABASE_SCHEMA).
const apiSchema = `${schema}_api`;
const { databaseUrl } = testEndpoints();
afterAll(async () => {
  await deleteTopicsWithPrefix(prefix);
  await dropSchema(databaseUrl, schema);
  await dropSchema(databaseUrl, apiSchema);
  await dropSchema(databaseUrl, `${schema}_metrics`);
  await dropSchema(databaseUrl, `${schema}_notifier`);
  rmSync(clockFile(`${root}.overfly/demo`, prefix), { force: true });
});

/** What the demo starts: the pipeline, the api and its worker, the network's day, the notifier. */
const SERVICE_NAMES = [
  'api',
  'api-worker',
  'disruption-correlator',
  'fee-calculator',
  'fir-analyser',
  'flight-producer',
  'invoice-writer',
  'metrics-sink',
  'network-producer',
  'notifier',
  'ops-feed',
];
const SERVICE_LINE = new RegExp(`^ {2}(${SERVICE_NAMES.join('|')}) +pid (\\d+) `, 'gm');

// Its own topics: the demo's services, provisioning and tail all follow TOPIC_PREFIX.
// The replay at ×300, not the demo's ×60: the same crossings and charges in the same
// order, the third charge after about 20 s instead of 80. KAFKA_BROKERS etc. come from the
// global setup; a developer's OpenSky variables or api keys must not turn this into a live
// run or turn the api's auth on (demoEnvOf drops them).
const demoEnv = (): NodeJS.ProcessEnv =>
  demoEnvOf(process.env, { TOPIC_PREFIX: prefix, DATABASE_SCHEMA: schema, REPLAY_SPEED: '300' });

const start = (args: string[]): DemoRun => startDemo(args, demoEnv());

const CHARGE_LINE =
  /^\d\d:\d\d:\d\d {2}(\S+) +([0-9a-f]{6}) {2}CHARGE +(\S+) +(PRICED|EXEMPT|UNPRICED) +(\S+).*$/gm;
const OPEN_LINE =
  /^Open (http:\/\/127\.0\.0\.1:\d+)\/ — the live globe .*; the REST api at \1\/docs$/m;
const BACKBILLED_INVOICE =
  /^ {2}INVOICE {2}(OVF-M-2018-\d{6}) {2}AFR {2}monthly 2018-01-01 to 2018-01-31 {2}132\.39 EUR {2}1 line\(s\) {2}issued 2018-02-01 {2}due 2018-03-03 {2}OVERDUE$/m;

/** GET `url` until `accept` holds of its JSON (the read models follow the topics). */
async function eventually<T>(
  url: string,
  accept: (body: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    const response = await fetch(url);
    expect(response.status, url).toBe(200);
    last = await response.json();
    if (accept(last as T)) return last as T;
    if (Date.now() > deadline)
      throw new Error(`${url} never answered what was expected: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The service list the demo prints once every service is started. */
const SERVICES_LISTED = /^ {2}demo tail +consumer group /m;

function servicePids(stdout: string): Array<{ name: string; pid: number }> {
  return [...stdout.matchAll(SERVICE_LINE)].map(([, name, pid]) => ({
    name: name as string,
    pid: Number(pid),
  }));
}

/**
 * `pnpm demo:status` / `pnpm demo:stop` (or a second demo), as a user runs them; never
 * spawnSync: this process must go on reading the running demo's output meanwhile, or the
 * demo would block writing to a full pipe.
 */
function run(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const ctl = (command: 'status' | 'stop') => run('scripts/demo-ctl.ts', [command]);

describe('npm run demo', () => {
  it('runs the pipeline, prints FINAL crossings and their charges, writes invoice lines, serves the web page and REST, and stops what it started', async () => {
    // --api-port 0: a free port, which the demo prints in its "Open" line.
    const demo = start(['--api-port', '0']);
    let code: number | null;
    let restartedPid = 0;
    try {
      // Three charges of this run, the back-billed invoice, and the api ready.
      const ready = await demo.waitFor(
        'three charges, the back-billed invoice and the api',
        (out) =>
          [...out.matchAll(CHARGE_LINE)].length >= 3 &&
          BACKBILLED_INVOICE.test(out) &&
          OPEN_LINE.test(out),
        170_000,
      );
      const url = OPEN_LINE.exec(ready)?.[1] ?? '';
      const invoiceNumber = BACKBILLED_INVOICE.exec(ready)?.[1] ?? '';

      // The web page at /: Vite's index.html, with the app's module script, and that script.
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await page.text();
      const script = /<script type="module"[^>]* src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(script, html).toBeDefined();
      const js = await fetch(`${url}${script}`);
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect((await js.text()).length).toBeGreaterThan(1_000);

      // REST from its own read models: the back-billed invoice, OVERDUE, and this run's charges.
      const invoices = await eventually<{
        items: { invoiceNumber: string | null; status: string; total: { amountMinor: number } }[];
      }>(`${url}/v1/invoices?operator=AFR&limit=100`, (body) =>
        body.items.some((i) => i.invoiceNumber === invoiceNumber && i.status === 'OVERDUE'),
      );
      expect(invoices.items.find((i) => i.invoiceNumber === invoiceNumber)?.total).toMatchObject({
        amountMinor: 13_239,
        currency: 'EUR',
      });
      const printed = [...ready.matchAll(CHARGE_LINE)].map(([, , icao24, fir, status]) => ({
        icao24,
        fir,
        status,
      }));
      await eventually<{ items: { icao24: string; firId: string; status: string }[] }>(
        `${url}/v1/charges?limit=1000`,
        (body) =>
          printed.every((p) =>
            body.items.some(
              (c) => c.icao24 === p.icao24 && c.firId === p.fir && c.status === p.status,
            ),
          ),
      );

      // Supervision: a service killed from outside is reported and started again, and
      // `pnpm demo:status` lists it with its restart.
      const feePid = Number(/^ {2}fee-calculator +pid (\d+) /m.exec(demo.stdout())?.[1]);
      process.kill(feePid, 'SIGKILL');
      const restarted = await demo.waitFor(
        'fee-calculator started again',
        (out) => /^fee-calculator restarted \(pid \d+, restart 1\)$/m.test(out),
        30_000,
      );
      expect(restarted).toMatch(
        new RegExp(
          `^fee-calculator \\(pid ${feePid}\\) ended: SIGKILL after [\\d.]+ s — restarting in 1 s`,
          'm',
        ),
      );
      restartedPid = Number(/^fee-calculator restarted \(pid (\d+)/m.exec(restarted)?.[1]);
      expect(alive(restartedPid)).toBe(true);
      const status = await ctl('status');
      expect(status.status, status.stdout + status.stderr).toBe(0);
      expect(status.stdout).toMatch(/^ {2}fee-calculator +pid \d+ +running +1 restart\(s\)/m);
      expect(status.stdout).toMatch(/^ {2}api http:\/\/127\.0\.0\.1:\d+\/ ready$/m);

      // A second demo refuses to start beside this one, before touching anything.
      const second = await run('scripts/demo.ts', [], demoEnv());
      expect(second.status, second.stdout + second.stderr).toBe(2);
      expect(second.stdout).toMatch(/^demo: one is already running \(pid \d+, http:/m);
    } finally {
      // Ctrl-C, as a person stops it.
      demo.child.kill('SIGINT');
      code = await demo.closed;
    }
    const stdout = demo.stdout();
    const stderr = demo.stderr();
    expect(code, `demo failed\n--- stdout\n${stdout}\n--- stderr\n${stderr}`).toBe(0);
    expect(stdout).toMatch(/^SIGINT: stopping the services… \(SIGINT again kills them at once\)$/m);

    // `15:59:48  AFR787V  39c424  FINAL       LFEE   15:54:15 → 15:59:48  great-circle …`
    const finals = [
      ...stdout.matchAll(/^\d\d:\d\d:\d\d {2}\S+ +[0-9a-f]{6} {2}FINAL +(\S+) .*$/gm),
    ];
    expect(finals.length, stdout).toBeGreaterThanOrEqual(3);
    for (const [line, fir] of finals) {
      expect(firIds.has(fir ?? ''), `not a FIR of data/fir: ${line}`).toBe(true);
      expect(line).toMatch(/great-circle \d+ km {2}flown \d+ km/);
    }

    // Its topics are new (a fresh TOPIC_PREFIX): the provision table says they were created.
    expect(stdout).toMatch(/^flights\.updates +6 +delete .* created$/m);

    // `15:59:48  AFR787V  39c424  CHARGE      LFEE   UNPRICED  NO_UNIT_RATE`
    const charges = [...stdout.matchAll(CHARGE_LINE)];
    expect(charges.length, stdout).toBeGreaterThanOrEqual(3);
    for (const [line, , , fir, status, detail] of charges) {
      expect(firIds.has(fir ?? ''), `not a FIR of data/fir: ${line}`).toBe(true);
      // A priced line shows an amount; any other names its reason or exemption code.
      expect(detail, line).toMatch(status === 'PRICED' ? /^\d+\.\d\d$/ : /^[A-Z][A-Z0-9_]+$/);
    }
    // Each printed charge of a FINAL crossing is an invoice line in PostgreSQL.
    const pool = createPool({ url: databaseUrl, schema, max: 1 });
    try {
      const { rows } = await pool.query<{ fir_id: string; status: string }>(
        'SELECT fir_id, status FROM invoice_lines WHERE superseded_by IS NULL',
      );
      for (const [line, , , fir, status] of charges)
        expect(
          rows.some((r) => r.fir_id === fir && r.status === status),
          `no invoice line for ${line}`,
        ).toBe(true);
    } finally {
      await pool.end();
    }

    // Back-billing: the bundled A319 of 2 January 2018 priced at its own date (France's
    // published 2018 rate), one passage for LFFF and LFEE, invoiced for January 2018 and
    // overdue today: 63.61 EUR × d 1.72 (172.255 km) × p 1.21 (A319, 73,500 kg) = 132.39 EUR.
    expect(stdout).toMatch(
      /^ {2}2018-01-02 {2}AFR91HL +3946e9 {2}PASSAGE {2}LF +LFFF → LFEE +172 km {2}PRICED +132\.39 EUR {2}t 63\.61 EUR {2}× N 2\.0812$/m,
    );
    expect(stdout).toMatch(BACKBILLED_INVOICE);
    expect(stdout).toMatch(/unit rate: Arrêté du 22 décembre 2017/);

    const pids = servicePids(stdout);
    expect(pids.map((p) => p.name).sort()).toEqual(SERVICE_NAMES);
    for (const { name, pid } of pids) {
      // fee-calculator was killed and restarted: its second process is the one stopped.
      const stoppedPid = name === 'fee-calculator' ? restartedPid : pid;
      expect(stdout, name).toContain(`  ${name} (pid ${stoppedPid}) stopped`);
      expect(alive(pid), `${name} (pid ${pid}) still runs`).toBe(false);
      expect(alive(stoppedPid), `${name} (pid ${stoppedPid}) still runs`).toBe(false);
    }
    expect((await ctl('status')).stdout).toMatch(/^No demo running \(the last one stopped at /m);
  }, 240_000);

  it('pnpm demo:stop stops a running demo and everything it started', async () => {
    const demo = start(['--api-port', '0']);
    const out = await demo.waitFor('its services', (o) => SERVICES_LISTED.test(o), 120_000);
    const pids = servicePids(out);
    expect(pids.length).toBe(SERVICE_NAMES.length);
    const stop = await ctl('stop');
    expect(stop.status, stop.stdout + stop.stderr).toBe(0);
    expect(stop.stdout).toMatch(/^Stopped\.$/m);
    expect(await demo.closed).toBe(0);
    expect(demo.stdout()).toMatch(/^SIGTERM: stopping the services…/m);
    for (const { name, pid } of pids) expect(alive(pid), `${name} still runs`).toBe(false);
  }, 180_000);

  it('a demo killed outright (SIGKILL) leaves no service running: each stops itself', async () => {
    const demo = start(['--api-port', '0']);
    const out = await demo.waitFor('its services', (o) => SERVICES_LISTED.test(o), 120_000);
    const pids = servicePids(out);
    expect(pids.length).toBe(SERVICE_NAMES.length);
    demo.child.kill('SIGKILL');
    await demo.closed;
    await expect
      .poll(() => pids.filter((p) => alive(p.pid)).map((p) => p.name), {
        timeout: 30_000,
        interval: 250,
      })
      .toEqual([]);
    expect((await ctl('stop')).stdout).toMatch(/^No demo running\.$/m);
  }, 180_000);
});
