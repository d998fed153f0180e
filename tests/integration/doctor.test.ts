// `pnpm run doctor` as a user runs it (a child process, --json), against the real broker,
// registry and PostgreSQL, on catalogue topics of its own (TOPIC_PREFIX): healthy first,
// then with a topic deleted, a broker address where nothing listens and one that never answers.
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.js';
import { isolatedRuntime, withAdmin } from '../support/kafka-runtime.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Report {
  ok: boolean;
  checks: Array<{
    name: string;
    status: string;
    findings: Array<{ status: string; subject: string; detail: string; advice?: string }>;
  }>;
}

/** Runs the doctor; its exit code, stdout (the JSON report with --json) and how long it took. */
function doctor(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/doctor.ts', ...args],
      { cwd: root, env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr, ms: Date.now() - started });
      },
    );
  });
}

const check = (report: Report, name: string) => {
  const found = report.checks.find((c) => c.name === name);
  if (!found) throw new Error(`no ${name} check in ${JSON.stringify(report)}`);
  return found;
};

describe('pnpm run doctor against the real platform', () => {
  it('passes a provisioned platform, then names a deleted topic and a broker that is not there', async () => {
    const { runtime, prefix } = await isolatedRuntime('doctor');
    await runtime.registerSchemas();
    const env = { TOPIC_PREFIX: prefix };

    const healthy = await doctor(['--json', '--timeout', '15s'], env);
    expect(healthy.stderr).toBe('');
    const report = JSON.parse(healthy.stdout) as Report;
    for (const name of ['broker', 'registry', 'topics']) {
      expect(check(report, name), JSON.stringify(check(report, name))).toMatchObject({
        status: 'pass',
      });
    }
    // Pending migrations of services that never ran here are a warning, not a failure.
    const postgres = check(report, 'postgres');
    expect(postgres.status).not.toBe('fail');
    expect(postgres.findings[0]).toMatchObject({
      status: 'pass',
      detail: /^connects, PostgreSQL \d+/,
    });
    expect(check(report, 'topics').findings[0]?.detail).toMatch(/^20 of 20 as declared/);
    // No service ran with this prefix: every group is "not started", a warning.
    expect(check(report, 'lag').findings.every((f) => f.detail.startsWith('not started'))).toBe(
      true,
    );
    expect(report.ok).toBe(!report.checks.some((c) => c.status === 'fail'));
    expect(healthy.code).toBe(report.ok ? 0 : 1);

    await withAdmin((admin) => admin.deleteTopics([`${prefix}flights.state`]));
    const missing = await doctor(['--json', '--only', 'topics'], env);
    expect(missing.code).toBe(1);
    const topics = check(JSON.parse(missing.stdout) as Report, 'topics');
    expect(topics.status).toBe('fail');
    expect(topics.findings).toContainEqual({
      status: 'fail',
      subject: 'missing',
      detail: `${prefix}flights.state`,
      advice: `run pnpm provision with TOPIC_PREFIX=${prefix}`,
    });

    const nowhere = `127.0.0.1:${await freePort()}`;
    const refused = await doctor(['--json', '--only', 'broker,topics', '--timeout', '3s'], {
      ...env,
      KAFKA_BROKERS: nowhere,
    });
    expect(refused.code).toBe(1);
    const [broker, skipped] = (JSON.parse(refused.stdout) as Report).checks;
    expect(broker?.findings).toEqual([
      {
        status: 'fail',
        subject: nowhere,
        detail: expect.stringContaining('ECONNREFUSED'),
        advice: expect.stringContaining('pnpm infra:up'),
      },
    ]);
    expect(skipped?.status).toBe('skip');
  });

  it('gives up on a broker that accepts connections and never answers, after --timeout', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const { port } = silent.address() as { port: number };
    try {
      const hung = await doctor(['--only', 'broker', '--timeout', '2s'], {
        KAFKA_BROKERS: `127.0.0.1:${port}`,
      });
      expect(hung.code).toBe(1);
      expect(hung.stdout).toContain('did not answer within 2000 ms');
      expect(hung.stdout).toContain('→ start Kafka with pnpm infra:up');
      // Text, one line a problem: no stack trace on either stream.
      expect(`${hung.stdout}${hung.stderr}`).not.toMatch(/^\s+at /m);
      // Start-up (tsx) plus the 2 s budget and the close grace, not kafkajs' own retries.
      expect(hung.ms).toBeLessThan(15_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});
