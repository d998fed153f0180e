import { randomUUID } from 'node:crypto';
import { createPool, dropSchema, migrate, type Pool, uniqueSchema } from '@overfly/db';
import type { IncomingMessage, KafkaRuntime, TypedProducer } from '@overfly/kafka';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { testEndpoints } from '../../../../tests/support/endpoints.js';
import { isolatedRuntime } from '../../../../tests/support/kafka-runtime.js';
import { waitFor } from '../../../../tests/support/wait-for.js';
import { MIGRATIONS_DIR } from '../migrations-dir.js';
import { applyCharges } from '../read-models/crossings-charges.js';
import { applyInvoiceEvents } from '../read-models/invoices.js';
import { TEST_KEYS, testApp } from '../test-support/app.js';
import { chargeOf, crossingOf } from '../test-support/billing-inputs.js';
import { invoiceLife, line } from '../test-support/events.js';
import { createBatchEventHub } from './events.js';
import { startBatchEventFeed } from './events-feed.js';
import { reportOperation } from './operations/report.js';
import { insertJob } from './store.js';
import { startWorkerProcess, type WorkerProcess } from './test-support/worker-process.js';

const { databaseUrl } = testEndpoints();
type JobEvent = { event: string; job: { commandId: string; processed: number } };
type Listener = { events: JobEvent[]; onEvent: (event: JobEvent) => void };
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
/** Records as the projector hands them over, so the read models are seeded as in production. */
const asMessages = <V>(values: readonly V[]): IncomingMessage<V>[] =>
  values.map((value, i) => ({
    topic: 'seed',
    partition: 0,
    offset: String(i),
    key: null,
    value,
    headers: {},
    timestamp: 0,
  }));

// Real Kafka, registry and PostgreSQL, the worker as its own process: jobs asked for over
// REST, carried on batch.commands, run by the worker, progress on batch.progress.
describe('batch jobs', () => {
  let pool: Pool;
  let schema: string;
  let app: FastifyInstance;
  let runtime: KafkaRuntime;
  let prefix: string;
  let producer: TypedProducer;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    ({ runtime, prefix } = await isolatedRuntime('api-batch'));
    schema = uniqueSchema('api_batch');
    pool = createPool({ url: databaseUrl, schema, max: 4 });
    await migrate(pool, MIGRATIONS_DIR, { schema });
    // 12 BAW invoices of two lines and 3 AFR invoices of one; 1,200 charges, one PRICED
    // without an amount (a blocking defect) and one without its MTOW's source.
    const events = [
      ...Array.from({ length: 12 }, (_, i) =>
        invoiceLife(`inv-baw-${String(i).padStart(2, '0')}`, 'BAW', `OVF-M-2026-0000${10 + i}`, [
          line(`b${i}a`, 'EGTT', 100_00 + i),
          line(`b${i}b`, 'EISN', 50_05),
        ]),
      ),
      ...Array.from({ length: 3 }, (_, i) =>
        invoiceLife(`inv-afr-${i}`, 'AFR', `OVF-M-2026-0000${40 + i}`, [
          line(`a${i}`, 'LFFF', 300_00),
        ]),
      ),
    ].flat();
    await applyInvoiceEvents(pool, asMessages(events) as never);
    const charges = Array.from({ length: 1_200 }, (_, i) =>
      chargeOf(
        crossingOf(`c${String(i).padStart(5, '0')}`, 1, i % 2 ? 'EDGG' : 'EGTT'),
        i % 3 ? 'BAW' : 'AFR',
      ),
    );
    charges[7] = { ...(charges[7] as (typeof charges)[number]), amount: null };
    charges[8] = { ...(charges[8] as (typeof charges)[number]), mtowSource: null };
    await applyCharges(pool, asMessages(charges) as never);
    producer = await runtime.producer();
    app = await testApp(pool, {
      sendCommand: async (command) => {
        await producer.send('batch.commands', [{ key: command.commandId, value: command }]);
      },
    });
    workers.push(startWorkerProcess(prefix, schema, { BATCH_WORKER_ID: 'w1', BATCH_LEASE: '2s' }));
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) await w.stop('SIGKILL');
    await app?.close();
    await pool?.end();
    await dropSchema(databaseUrl, schema);
  });

  const post = (url: string, payload: object, key: string = TEST_KEYS.billing) =>
    app.inject({ method: 'POST', url, payload, headers: bearer(key) });
  const get = (url: string, key: string = TEST_KEYS.billing) =>
    app.inject({ url, headers: bearer(key) });
  const ended = (jobId: string, key: string = TEST_KEYS.billing) =>
    waitFor(
      async () => {
        for (const w of workers)
          if (w.child.exitCode !== null) throw new Error(`worker exited:\n${w.output()}`);
        const job = (await get(`/v1/batch-jobs/${jobId}`, key)).json();
        return ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(job.status) ? job : null;
      },
      { timeoutMs: 60_000, intervalMs: 100, message: `batch job ${jobId} to end` },
    );

  it('exports an operator’s invoice lines as CSV, with progress on batch.progress', async () => {
    const created = await post('/v1/batch-jobs', {
      operation: 'export',
      name: 'BAW lines, March',
      filters: { operator: 'BAW', from: '2026-03-01', to: '2026-03-31' },
      options: { batchSize: 5 },
    });
    expect(created.statusCode).toBe(202);
    const { jobId } = created.json();
    expect(created.headers.location).toBe(`/v1/batch-jobs/${jobId}`);
    const job = await ended(jobId);
    expect(job).toMatchObject({
      status: 'SUCCEEDED',
      total: 12,
      processed: 12,
      failed: 0,
      progress: 1,
    });
    const csv = await get(`/v1/batch-jobs/${jobId}/export.csv`);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = csv.body.trimEnd().split('\r\n');
    expect(rows[0]).toMatch(/^invoice_number,invoice_id,/);
    expect(rows).toHaveLength(1 + 24);
    expect(rows[1]).toBe(
      'OVF-M-2026-000010,inv-baw-00,INVOICE,BAW,b0a,x-b0a,f-b0a,BAW123,EGTT,2026-03-04,100.00,EUR',
    );
    expect(rows.filter((r) => r.includes(',AFR,'))).toEqual([]);
    // What the worker published: every state, the last SUCCEEDED with the counts.
    const progress: Array<{ status: string; processed: number }> = [];
    await runtime.readToEnd('batch.progress', (m) => {
      if (m.value && m.value.commandId === jobId) progress.push(m.value);
    });
    expect(progress[0]?.status).toBe('RUNNING');
    expect(progress.at(-1)).toMatchObject({ status: 'SUCCEEDED', processed: 12, total: 12 });
  });

  /** An api with the batch events feed on real Kafka, and WebSocket listeners to it. */
  const withLiveApp = async (
    body: (live: {
      app: FastifyInstance;
      address: string;
      listen: (key: string) => Promise<Listener>;
    }) => Promise<void>,
  ) => {
    const hub = createBatchEventHub();
    const feed = await startBatchEventFeed({
      runtime,
      db: pool,
      hub,
      admin: { deleteGroups: async () => {} },
    });
    const live = await testApp(pool, {
      batchEvents: hub,
      sendCommand: async (command) => {
        await producer.send('batch.commands', [{ key: command.commandId, value: command }]);
      },
      reportProgress: async (progress) => {
        await producer.send('batch.progress', [{ key: progress.commandId, value: progress }]);
      },
    });
    const address = await live.listen({ host: '127.0.0.1', port: 0 });
    const url = `${address.replace('http', 'ws')}/v1/batch-jobs/events`;
    const sockets: WebSocket[] = [];
    const listen = async (key: string): Promise<Listener> => {
      const ws = new WebSocket(`${url}?token=${key}`);
      sockets.push(ws);
      const events: JobEvent[] = [];
      const listener: Listener = { events, onEvent: () => {} };
      ws.on('message', (data) => {
        const event = JSON.parse(String(data)) as JobEvent;
        events.push(event);
        listener.onEvent(event);
      });
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      return listener;
    };
    try {
      await body({ app: live, address, listen });
    } finally {
      for (const ws of sockets) ws.close();
      await live.close();
      await feed.stop();
    }
  };

  it('tells WebSocket clients how jobs go, each tenant its own', async () => {
    await withLiveApp(async ({ app: live, address, listen }) => {
      const refused = await fetch(`${address}/v1/batch-jobs/events`);
      expect(refused.status).toBe(401);
      const clerk = await listen(TEST_KEYS.billing);
      const afr = await listen(TEST_KEYS.billingAfr);
      const created = await live.inject({
        method: 'POST',
        url: '/v1/batch-jobs',
        payload: {
          operation: 'export',
          name: 'watched',
          filters: { operator: 'BAW' },
          options: { batchSize: 4 },
        },
        headers: bearer(TEST_KEYS.billing),
      });
      const { jobId } = created.json();
      await ended(jobId);
      await waitFor(
        async () => (clerk.events.some((e) => e.event === 'batch:completed') ? true : null),
        { timeoutMs: 15_000, intervalMs: 50, message: 'batch:completed over the socket' },
      );
      const mine = clerk.events.filter((e) => e.job.commandId === jobId);
      expect(mine[0]?.event).toBe('batch:created');
      expect(mine.map((e) => e.event)).toContain('batch:progress');
      expect(mine.at(-1)).toMatchObject({ event: 'batch:completed', job: { processed: 12 } });
      expect(afr.events.filter((e) => e.job.commandId === jobId)).toEqual([]);
    });
  });

  // The api announces a job (ACCEPTED on batch.progress) just before it inserts the job's row.
  // A page told "created" reads the job at once: it must not meet a 404, and an operator's
  // client must not lose its own job's events for having been told before the row was there.
  it('announces a job only once its row can be read, to its tenant too', async () => {
    await withLiveApp(async ({ app: live, listen }) => {
      const baw = await listen(TEST_KEYS.billingBaw);
      const jobId = randomUUID();
      const reads: number[] = [];
      baw.onEvent = (event) => {
        if (event.job.commandId === jobId && event.event === 'batch:created')
          void live
            .inject({ url: `/v1/batch-jobs/${jobId}`, headers: bearer(TEST_KEYS.billingBaw) })
            .then((r) => reads.push(r.statusCode));
      };
      const at = Date.now();
      await producer.send('batch.progress', [
        {
          key: jobId,
          value: {
            commandId: jobId,
            jobName: 'export',
            status: 'ACCEPTED',
            processed: 0,
            failed: 0,
            total: null,
            message: null,
            startedAt: null,
            updatedAt: at,
          },
        },
      ]);
      // The row lands well after the event could have reached the feed.
      await new Promise((resolve) => setTimeout(resolve, 600));
      await insertJob(
        pool,
        {
          jobId,
          operation: 'export',
          name: 'told early',
          description: null,
          filters: { operator: 'BAW' },
          batchSize: 10,
          retryAttempts: 0,
          priority: 5,
          requestedBy: 'test',
          operatorScope: 'BAW',
        },
        at,
      );
      await waitFor(async () => (reads.length > 0 ? true : null), {
        timeoutMs: 10_000,
        intervalMs: 20,
        message: "batch:created of BAW's job on BAW's socket",
      });
      expect(reads).toEqual([200]);
    });
  });

  it('reports a month’s revenue per zone and operator from the PRICED charges', async () => {
    const { output } = await reportOperation.run(pool, { operator: 'BAW' }, '2026-03');
    // 800 BAW charges of 238.17 EUR, half in zone ED and half in EG; one without an amount.
    expect(output).toEqual({
      month: '2026-03',
      rows: [
        {
          zone: 'ED',
          operator: 'BAW',
          currency: 'EUR',
          charges: 399,
          amountMinor: 399 * 238_17,
          serviceUnits: 1252.86,
        },
        {
          zone: 'EG',
          operator: 'BAW',
          currency: 'EUR',
          charges: 400,
          amountMinor: 400 * 238_17,
          serviceUnits: 1256,
        },
      ],
    });
  });

  it('validates charges: a blocking defect fails its item, a missing source lowers quality', async () => {
    const { jobId } = (
      await post('/v1/batch-jobs', {
        operation: 'validate',
        name: 'March charges',
        filters: { from: '2026-03-01', to: '2026-03-31' },
        options: { batchSize: 200, priority: 9 },
      })
    ).json();
    const job = await ended(jobId);
    expect(job).toMatchObject({ status: 'SUCCEEDED', total: 1_200, processed: 1_200, failed: 1 });
    const failed = (await get(`/v1/batch-jobs/${jobId}/items?status=FAILED`)).json();
    expect(failed.items).toMatchObject([
      {
        key: 'chg-c00007-1772618400000-1-EDGG',
        errorCategory: 'PRICED_WITHOUT_AMOUNT',
        attempts: 1,
      },
    ]);
    const viz = (await get(`/v1/batch-jobs/${jobId}/viz`)).json();
    expect(viz.items).toBe(1_200);
    expect(viz.errorsByCategory).toEqual({ PRICED_WITHOUT_AMOUNT: 1 });
    expect(viz.successRate).toBeCloseTo(1_199 / 1_200);
    // 10 checks: 1.0 for all but the one without its MTOW's source (0.9, the same top bucket).
    expect(viz.qualityHistogram.at(-1)).toEqual({ from: 0.9, to: 1, items: 1_199 });
    const { rows } = await pool.query(
      "SELECT quality, output FROM batch_job_items WHERE job_id = $1 AND item_key LIKE 'chg-c00008-%'",
      [jobId],
    );
    expect(rows).toEqual([{ quality: 0.9, output: { issues: ['MTOW_WITHOUT_SOURCE'] } }]);
    expect(viz.durationMs.p99).toBeGreaterThanOrEqual(viz.durationMs.p50);
    expect(viz.timeline.at(-1).processed).toBe(1_200);
  });

  it('cancels a running job after its current chunk', async () => {
    const { jobId } = (
      await post('/v1/batch-jobs', {
        operation: 'validate',
        name: 'to be cancelled',
        options: { batchSize: 1 },
      })
    ).json();
    await waitFor(
      async () => ((await get(`/v1/batch-jobs/${jobId}`)).json().processed > 10 ? true : null),
      { timeoutMs: 30_000, intervalMs: 20, message: 'the job under way' },
    );
    const cancel = await post(`/v1/batch-jobs/${jobId}/cancel`, {});
    expect(cancel.statusCode).toBe(202);
    const job = await ended(jobId);
    expect(job.status).toBe('CANCELLED');
    expect(job.processed).toBeLessThan(1_200);
    const items = (await get(`/v1/batch-jobs/${jobId}/items?limit=500`)).json();
    expect(items.page.next === null ? items.items.length : 500).toBeLessThanOrEqual(job.processed);
    expect((await post(`/v1/batch-jobs/${jobId}/cancel`, {})).statusCode).toBe(409);
  });

  it('resumes a job whose worker was SIGKILLed, without recording an item twice', async () => {
    const { jobId } = (
      await post('/v1/batch-jobs', {
        operation: 'validate',
        name: 'killed halfway',
        options: { batchSize: 3 },
      })
    ).json();
    await waitFor(
      async () => ((await get(`/v1/batch-jobs/${jobId}`)).json().processed >= 30 ? true : null),
      { timeoutMs: 30_000, intervalMs: 20, message: 'the job under way' },
    );
    const [first] = workers.splice(0, 1);
    await first?.stop('SIGKILL');
    const atKill = (await get(`/v1/batch-jobs/${jobId}`)).json();
    expect(atKill.status).toBe('RUNNING');
    workers.push(startWorkerProcess(prefix, schema, { BATCH_WORKER_ID: 'w2', BATCH_LEASE: '2s' }));
    const job = await ended(jobId);
    expect(job).toMatchObject({
      status: 'SUCCEEDED',
      total: 1_200,
      processed: 1_200,
      worker: 'w2',
    });
    const { rows } = await pool.query<{ n: number; keys: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT item_key)::int AS keys FROM batch_job_items WHERE job_id = $1',
      [jobId],
    );
    expect(rows[0]).toEqual({ n: 1_200, keys: 1_200 });
    expect(workers[0]?.output()).toContain('job resumed');
  });

  it('keeps a scoped key to its own operator’s data and jobs', async () => {
    const refused = await post(
      '/v1/batch-jobs',
      { operation: 'export', name: 'not mine', filters: { operator: 'BAW' } },
      TEST_KEYS.billingAfr,
    );
    expect(refused.statusCode).toBe(403);
    const mine = await post(
      '/v1/batch-jobs',
      { operation: 'export', name: 'mine' },
      TEST_KEYS.billingAfr,
    );
    expect(mine.json().filters).toEqual({ operator: 'AFR' });
    const job = await ended(mine.json().jobId, TEST_KEYS.billingAfr);
    expect(job.processed).toBe(3);
    const listed = (await get('/v1/batch-jobs', TEST_KEYS.billingAfr)).json();
    expect(listed.items.map((j: { jobId: string }) => j.jobId)).toEqual([mine.json().jobId]);
    const others = (await get('/v1/batch-jobs'))
      .json()
      .items.find((j: { name: string }) => j.name === 'BAW lines, March');
    expect((await get(`/v1/batch-jobs/${others.jobId}`, TEST_KEYS.billingAfr)).statusCode).toBe(
      404,
    );
    expect((await get('/v1/batch-jobs', TEST_KEYS.viewer)).statusCode).toBe(403);
  });

  it('refuses bad filters naming the field, and limits how many jobs a key starts', async () => {
    const bad = await post('/v1/batch-jobs', {
      operation: 'export',
      name: 'x',
      filters: { from: '2026-02-30' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toContain('filters.from');
    const report = await post('/v1/batch-jobs', {
      operation: 'report',
      name: 'x',
      filters: { from: '2026-03-01' },
    });
    expect(report.statusCode).toBe(400);
    const unknown = await post('/v1/batch-jobs', { operation: 'reformat', name: 'x' });
    expect(unknown.statusCode).toBe(400);
    const limited = await testApp(pool, { batchCreatePerMinute: 2 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 3; i++)
        codes.push(
          (
            await limited.inject({
              method: 'POST',
              url: '/v1/batch-jobs',
              payload: {
                operation: 'report',
                name: 'r',
                filters: { from: '2026-03-01', to: '2026-03-31' },
              },
              headers: bearer(TEST_KEYS.billing),
            })
          ).statusCode,
        );
      expect(codes).toEqual([202, 202, 429]);
    } finally {
      await limited.close();
    }
  });
});
