import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createPool, dropSchema, migrate, uniqueSchema } from '@overfly/db';
import type { MetricsSnapshot } from '@overfly/schemas';
import { afterAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../../../tests/support/endpoints.js';
import { freePort } from '../../../tests/support/free-port.js';
import { isolatedRuntime } from '../../../tests/support/kafka-runtime.js';
import { waitFor } from '../../../tests/support/wait-for.js';
import { MIGRATIONS_DIR } from './migrations-dir.js';
import { DAY_MS, partitionFor, partitionsAhead } from './partitions.js';
import { ensurePartitions, listPartitions } from './store.js';

const { databaseUrl } = testEndpoints();
const schema = uniqueSchema('metrics_sink');
const pool = createPool({ url: databaseUrl, schema, max: 2 });
afterAll(async () => {
  await pool.end();
  await dropSchema(databaseUrl, schema);
});

const main = fileURLToPath(new URL('./main.ts', import.meta.url));

/** The sink as its own process (`node --import tsx src/main.ts`) on the test's topics and schema. */
function startSinkProcess(env: Record<string, string>): { child: ChildProcess; output(): string } {
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (d: Buffer) => {
    output += d.toString();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return { child, output: () => output };
}

function snapshot(
  service: string,
  instance: string,
  takenAt: number,
  counter: number,
): MetricsSnapshot {
  return {
    service,
    instance,
    takenAt,
    samples: [
      {
        name: 'test_messages_total',
        kind: 'COUNTER',
        labels: { topic: 'fir.crossings', partition: '0' },
        value: counter,
      },
      { name: 'test_queue_depth', kind: 'GAUGE', labels: {}, value: counter / 10 },
      { name: 'test_seconds_bucket', kind: 'HISTOGRAM', labels: { le: '0.5' }, value: 1 },
      { name: 'test_seconds_bucket', kind: 'HISTOGRAM', labels: { le: '+Inf' }, value: 2 },
    ],
  };
}

const count = async (where: string, params: unknown[] = []) => {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM metric_samples WHERE ${where}`,
    params,
  );
  return rows[0]!.n;
};

describe('metrics-sink', () => {
  it('stores each sample once, keeps partitions ahead, drops expired days, and gives rates', {
    timeout: 120_000,
  }, async () => {
    const { runtime, prefix } = await isolatedRuntime('metrics-sink');
    // The schema as the sink makes it, with a day partition ten days old in it: the sink's
    // start-up retention run (7 days) must drop it.
    await migrate(pool, MIGRATIONS_DIR, { schema });
    const old = partitionFor(Date.now() - 10 * DAY_MS);
    expect(await ensurePartitions(pool, [old])).toEqual([old.name]);

    const t1 = Date.now() - 60_000;
    const t0 = t1 - 60_000;
    const a0 = snapshot('svc-a', 'host-1', t0, 10);
    const a1 = snapshot('svc-a', 'host-1', t1, 70);
    const b0 = snapshot('svc-b', 'host-2', t0, 3);
    const future: MetricsSnapshot = {
      ...snapshot('svc-z', 'host-9', t0, 1),
      takenAt: t0 + 5 * DAY_MS,
    };
    const producer = await runtime.producer();
    // a0 twice before the sink runs: a redelivery as a crash before the commit would give.
    await producer.send(
      'system.metrics',
      [a0, b0, a0, a1, future].map((s) => ({ key: s.service, value: s })),
    );

    const port = await freePort();
    const group = `${prefix}metrics-sink`;
    const started = Date.now();
    const sink = startSinkProcess({
      TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: group,
      DATABASE_SCHEMA: schema,
      METRICS_PORT: String(port),
      // Its own snapshots, published by service-kit, come back through the topic.
      METRICS_PUBLISH_INTERVAL: '1s',
    });
    try {
      const alive = () => {
        if (sink.child.exitCode !== null) throw new Error(`sink exited:\n${sink.output()}`);
      };
      // a0, a1 and b0: 4 + 4 + 4 samples, the second a0 none.
      await waitFor(
        async () => {
          alive();
          return (await count("service IN ('svc-a', 'svc-b')")) >= 12;
        },
        { timeoutMs: 45_000, intervalMs: 250, message: 'the samples of a0, a1 and b0' },
      );
      const stored = Date.now() - started;

      // Published again once stored, followed on the same partition (key svc-a) by a marker:
      // when the marker is in, the repeat has been read, and must have added nothing.
      await producer.send('system.metrics', [
        { key: 'svc-a', value: a0 },
        { key: 'svc-a', value: snapshot('svc-a', 'marker', t1, 1) },
      ]);
      await waitFor(
        async () => {
          alive();
          return (await count("instance = 'marker'")) === 4;
        },
        { timeoutMs: 20_000, intervalMs: 250, message: 'the marker snapshot' },
      );
      expect(await count("service = 'svc-a' AND instance = 'host-1'")).toBe(8);
      expect(await count("service = 'svc-b'")).toBe(4);
      expect(await count("service = 'svc-z'")).toBe(0);

      const { rows: samples } = await pool.query<{
        taken_at: Date;
        kind: string;
        labels: Record<string, string>;
        value: number;
      }>(
        `SELECT taken_at, kind, labels, value FROM metric_samples
          WHERE service = 'svc-a' AND instance = 'host-1' AND name = 'test_messages_total'
          ORDER BY taken_at`,
      );
      expect(samples.map((r) => [r.taken_at.getTime(), r.kind, r.labels, r.value])).toEqual([
        [t0, 'COUNTER', { partition: '0', topic: 'fir.crossings' }, 10],
        [t1, 'COUNTER', { partition: '0', topic: 'fir.crossings' }, 70],
      ]);

      // The latest value of the series is a1's, the redelivered a0 after it notwithstanding.
      const { rows: latest } = await pool.query<{ value: number; taken_at: Date }>(
        `SELECT value, taken_at FROM metric_series_latest
          WHERE service = 'svc-a' AND instance = 'host-1' AND name = 'test_messages_total'`,
      );
      expect(latest.map((r) => [r.value, r.taken_at.getTime()])).toEqual([[70, t1]]);

      // 10 → 70 in 60 s: 60 per minute. svc-b's single sample has no rate yet.
      const { rows: rates } = await pool.query<{
        service: string;
        increase: number;
        seconds: number;
        per_minute: number;
      }>(
        `SELECT service, increase, seconds, per_minute
           FROM metric_counter_rates('test_messages_total', $1, now())
          WHERE service IN ('svc-a', 'svc-b') AND instance <> 'marker'`,
        [new Date(t0 - 60_000)],
      );
      expect(rates).toEqual([{ service: 'svc-a', increase: 60, seconds: 60, per_minute: 60 }]);
      // As Grafana calls it: schema-qualified, from a session whose search_path is public.
      const grafana = createPool({ url: databaseUrl, max: 1 });
      try {
        const { rows: panel } = await grafana.query<{ service: string; per_minute: number }>(
          `SELECT service, sum(per_minute) AS per_minute
             FROM ${schema}.metric_counter_rates('test_messages_total', $1, $2)
            WHERE service = 'svc-a' AND instance = 'host-1'
            GROUP BY 1`,
          [new Date(t0), new Date()],
        );
        expect(panel).toEqual([{ service: 'svc-a', per_minute: 60 }]);
      } finally {
        await grafana.end();
      }

      // Every SQL example of the README runs as written, Grafana's macros given a value.
      const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
      const examples = [...readme.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) =>
        m[1]!
          .replaceAll('metrics.', `${schema}.`)
          .replaceAll('$__timeFrom()', "now() - interval '1 hour'")
          .replaceAll('$__timeTo()', 'now()')
          .replace(/\$__timeFilter\((\w+)\)/g, "$1 > now() - interval '1 hour'"),
      );
      expect(examples.length).toBeGreaterThanOrEqual(3);
      for (const sql of examples) await pool.query(sql);

      // Today and the next two days exist; the ten-day-old day was dropped, and said so.
      const partitions = await listPartitions(pool);
      for (const p of partitionsAhead(Date.now(), 2)) expect(partitions).toContain(p.name);
      expect(partitions).not.toContain(old.name);
      expect(sink.output()).toContain('metrics past retention dropped');
      expect(sink.output()).toContain(old.name);

      // The snapshot five days ahead went to dead.letter with its code.
      const letters = await waitFor(
        async () => {
          const read = await runtime.readDeadLetters({
            errorCode: 'METRICS_SINK_SNAPSHOT_IN_FUTURE',
          });
          return read.letters.length > 0 ? read.letters : null;
        },
        { timeoutMs: 15_000, intervalMs: 500, message: 'the future snapshot dead-lettered' },
      );
      expect(letters).toHaveLength(1);

      // Ready (PostgreSQL answers, the consumer runs), and its own metrics say what it did.
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(ready.status).toBe(200);
      const exposition = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      // a0, b0, a1 and the marker: 16 new rows (and the sink's own snapshots, if one was due).
      const storedSamples = /^overfly_metrics_sink_samples_stored_total\S* (\d+)/m.exec(exposition);
      expect(Number(storedSamples?.[1])).toBeGreaterThanOrEqual(16);
      expect(exposition).toMatch(
        /^overfly_metrics_sink_snapshots_refused_total\{[^}]*code="METRICS_SINK_SNAPSHOT_IN_FUTURE"[^}]*\} 1$/m,
      );
      // The real publisher's snapshots (service-kit) are stored like any other.
      await waitFor(async () => (await count("service = 'metrics-sink'")) > 0, {
        timeoutMs: 15_000,
        message: "the sink's own snapshots",
      });
      expect(sink.output()).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
      console.info(`metrics-sink: first snapshots stored ${stored} ms after its start`);
    } finally {
      sink.child.kill('SIGTERM');
      const [code] = await once(sink.child, 'exit');
      expect(code, 'a graceful stop exits 0').toBe(0);
    }
  });
});
