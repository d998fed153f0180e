// `npm run demo` end to end: the real script, as a child process, against the real
// platform the global setup brought up. It must start both services, print FINAL crossings
// from the bundled recordings, exit 0 on --exit-after, and leave no service running.
//
// Isolation: flight-producer has no TOPIC_PREFIX, so the demo (and this test) use the
// shared, unprefixed topics, which no other test uses. The demo re-times its replay after
// everything earlier runs played, so a rerun is never rejected as late by the analyser's
// kept state, and its tail reads with a fresh consumer group from the end.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createPool,
  dropSchema,
  uniqueSchema,
} from '../../services/invoice-writer/src/test-support/db.js';
import { testEndpoints } from '../support/endpoints.js';
import { deleteTopicsWithPrefix } from '../support/kafka-admin.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const firIds = new Set(
  Object.keys(
    JSON.parse(readFileSync(`${root}data/fir/fir-names.json`, 'utf8')) as Record<string, string>,
  ),
);

function withoutLive(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of ['OPENSKY_CLIENT_ID', 'OPENSKY_CLIENT_SECRET', 'OPENSKY_MODE'])
    delete copy[name];
  return copy;
}

const prefix = `test.demo.${Date.now().toString(36)}.`;
// The invoice-writer's tables, in a schema of their own.
const schema = uniqueSchema('demo');
const { databaseUrl } = testEndpoints();
afterAll(async () => {
  await deleteTopicsWithPrefix(prefix);
  await dropSchema(databaseUrl, schema);
});

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', ...args], {
      cwd: root,
      // KAFKA_BROKERS etc. come from the global setup; a developer's OpenSky variables must
      // not turn this into a live run.
      // Its own topics: the demo's services, provisioning and tail all follow TOPIC_PREFIX.
      // The replay at ×300, not the demo's ×60: the same crossings and charges in the same
      // order, the third charge after about 20 s instead of 80.
      env: {
        ...withoutLive(process.env),
        TOPIC_PREFIX: prefix,
        DATABASE_SCHEMA: schema,
        REPLAY_SPEED: '300',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm run demo', () => {
  it('runs the pipeline, prints FINAL crossings and their charges, writes invoice lines, and stops what it started', async () => {
    const { code, stdout, stderr } = await run(['--exit-after', '3', '--timeout', '150s']);
    expect(code, `demo failed\n--- stdout\n${stdout}\n--- stderr\n${stderr}`).toBe(0);

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
    const charges = [
      ...stdout.matchAll(
        /^\d\d:\d\d:\d\d {2}(\S+) +([0-9a-f]{6}) {2}CHARGE +(\S+) +(PRICED|EXEMPT|UNPRICED) +(\S+).*$/gm,
      ),
    ];
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
    expect(stdout).toMatch(
      /^ {2}INVOICE {2}OVF-M-2018-\d{6} {2}AFR {2}monthly 2018-01-01 to 2018-01-31 {2}132\.39 EUR {2}1 line\(s\) {2}issued 2018-02-01 {2}due 2018-03-03 {2}OVERDUE$/m,
    );
    expect(stdout).toMatch(/unit rate: Arrêté du 22 décembre 2017/);

    const pids = [
      ...stdout.matchAll(
        /^ {2}(fir-analyser|flight-producer|fee-calculator|invoice-writer) +pid (\d+) /gm,
      ),
    ].map(([, name, pid]) => ({ name, pid: Number(pid) }));
    expect(pids.map((p) => p.name).sort()).toEqual([
      'fee-calculator',
      'fir-analyser',
      'flight-producer',
      'invoice-writer',
    ]);
    for (const { name, pid } of pids)
      expect(alive(pid), `${name} (pid ${pid}) still runs`).toBe(false);
  }, 200_000);
});
