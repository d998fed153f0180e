import { readFile } from 'node:fs/promises';
import { createPool, dropSchema, migrate, type Pool, uniqueSchema } from '@overfly/db';
import { defaultAirports, firLayerFor } from '@overfly/geo';
import type { IncomingMessage, KafkaRuntime, TypedProducer } from '@overfly/kafka';
import type { FirCrossing, PositionUpdate } from '@overfly/schemas';
import type { CrossingRecord } from '@overfly/tracking';
import { openTrajectory, positionsInTimeOrder } from '@overfly/trajectories';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../../../../tests/support/endpoints.js';
import { isolatedRuntime } from '../../../../tests/support/kafka-runtime.js';
import { waitFor } from '../../../../tests/support/wait-for.js';
import { MIGRATIONS_DIR } from '../migrations-dir.js';
import { applyCrossings } from '../read-models/crossings-charges.js';
import { applyTrackPoints } from '../read-models/track-points.js';
import { TEST_KEYS, testApp } from '../test-support/app.js';
import { computeCrossings } from './operations/airspace.js';
import { startWorkerProcess, type WorkerProcess } from './test-support/worker-process.js';

const { databaseUrl } = testEndpoints();
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const sample = (name: string) => new URL(`../../../../data/trajectories/${name}`, import.meta.url);
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
const withoutProducedAt = ({ producedAt: _, ...c }: FirCrossing) => c;

// Real Kafka, registry and PostgreSQL, the worker as its own process (bundled FIR layer, as
// the fir-analyser's default): El Al 1747 (LIRF → LLBG, 2019-11-03, traffic's sample) held
// in track_points, computed again and sent on fir.crossings; trajectory files uploaded and
// imported.
describe('reprocess and import jobs', () => {
  let pool: Pool;
  let schema: string;
  let app: FastifyInstance;
  let runtime: KafkaRuntime;
  let prefix: string;
  let producer: TypedProducer;
  let worker: WorkerProcess;
  /** ELY1747's crossings as the engine makes them from the file's positions. */
  let expected: CrossingRecord[];
  let flightId: string;
  /** A flight whose crossing is held but whose positions were purged. */
  const purged = 'abc123-1572700000000';

  beforeAll(async () => {
    ({ runtime, prefix } = await isolatedRuntime('api-reprocess'));
    schema = uniqueSchema('api_reprocess');
    pool = createPool({ url: databaseUrl, schema, max: 4 });
    await migrate(pool, MIGRATIONS_DIR, { schema });
    worker = startWorkerProcess(prefix, schema, { BATCH_WORKER_ID: 'w1' });
    const file = await openTrajectory(sample('elal747.json.gz').pathname, { maxBackwardsMs: null });
    const positions: PositionUpdate[] = [];
    for await (const p of positionsInTimeOrder([file], () => {})) positions.push(p);
    await applyTrackPoints(pool, asMessages(positions) as never);
    async function* replay() {
      yield* positions;
    }
    const airspace = { layer: firLayerFor({}), airports: defaultAirports(), track: {} };
    ({ crossings: expected } = await computeCrossings(replay(), airspace, 'REPLAY'));
    flightId = expected[0]?.flightId as string;
    // The read model as the live analyser left it: the 2nd crossing ended a second later,
    // the 5th (the landing in LLLL) never arrived; and one flight's crossing of 2 November.
    const held: FirCrossing[] = expected
      .filter((c) => c.sequence !== 5)
      .map((c) => ({
        ...c,
        exitTime: c.sequence === 2 ? (c.exitTime as number) + 1_000 : c.exitTime,
        source: 'UNKNOWN',
        producedAt: 1,
      }));
    held.push({
      ...(expected[0] as CrossingRecord),
      crossingId: `${purged}-1-LIRR`,
      flightId: purged,
      icao24: 'abc123',
      entryTime: 1_572_700_000_000,
      exitTime: 1_572_701_000_000,
      producedAt: 1,
    });
    await applyCrossings(pool, asMessages(held) as never);
    producer = await runtime.producer();
    app = await testApp(pool, {
      importMaxBytes: 64 * 1_024,
      sendCommand: async (command) => {
        await producer.send('batch.commands', [{ key: command.commandId, value: command }]);
      },
    });
  }, 60_000);

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await app?.close();
    await pool?.end();
    await dropSchema(databaseUrl, schema);
  });

  const post = (payload: object, key: string = TEST_KEYS.billing) =>
    app.inject({ method: 'POST', url: '/v1/batch-jobs', payload, headers: bearer(key) });
  const get = (url: string, key: string = TEST_KEYS.billing) =>
    app.inject({ url, headers: bearer(key) });
  const run = async (payload: object, key: string = TEST_KEYS.billing) => {
    const created = await post({ name: 'test', options: { batchSize: 1 }, ...payload }, key);
    expect(created.statusCode, created.body).toBe(202);
    const { jobId } = created.json();
    const job = await waitFor(
      async () => {
        if (worker.child.exitCode !== null) throw new Error(`worker exited:\n${worker.output()}`);
        const j = (await get(`/v1/batch-jobs/${jobId}`, key)).json();
        return ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(j.status) ? j : null;
      },
      { timeoutMs: 30_000, intervalMs: 100, message: `batch job ${jobId} to end` },
    );
    const items = (await get(`/v1/batch-jobs/${jobId}/items`, key)).json().items;
    return { job, items: new Map(items.map((i: { key: string }) => [i.key, i])) };
  };
  const published = async (flight: string) => {
    const found: FirCrossing[] = [];
    await runtime.readToEnd('fir.crossings', (m) => {
      if (m.value?.flightId === flight) {
        expect(m.key).toBe(m.value.icao24);
        found.push(m.value);
      }
    });
    return found;
  };

  it('reprocesses a flight from track_points onto fir.crossings, and the same records when redone', async () => {
    expect(expected.map((c) => c.firId)).toEqual(['LIRR', 'LIBB', 'LGGG', 'LCCC', 'LLLL']);
    const { job, items } = await run({
      operation: 'reprocess',
      filters: { flights: [flightId, purged] },
    });
    expect(job).toMatchObject({ status: 'SUCCEEDED', total: 2, processed: 2, failed: 1 });
    expect(items.get(flightId)).toMatchObject({
      status: 'SUCCEEDED',
      quality: 1,
      output: {
        crossings: 5,
        firs: ['LIRR', 'LIBB', 'LGGG', 'LCCC', 'LLLL'],
        new: 1,
        changed: 1,
        same: 3,
        missing: 0,
        newIds: [`${flightId}-5-LLLL`],
        changes: [{ crossingId: `${flightId}-2-LIBB`, fields: ['exitTime'] }],
        source: 'REPLAY',
        operator: 'ELY',
        positions: 2_110,
      },
    });
    expect(items.get(purged)).toMatchObject({
      status: 'FAILED',
      errorCategory: 'TRACK_NOT_RETAINED',
    });
    expect((items.get(purged) as { error: string }).error).toContain('API_TRACK_RETENTION');
    const first = await published(flightId);
    expect(first.map(withoutProducedAt)).toEqual(expected);
    expect(await published(purged)).toEqual([]);

    // The same flight again, found by its period this time: the same records again.
    const again = await run({
      operation: 'reprocess',
      filters: { from: '2019-11-03', to: '2019-11-03' },
    });
    expect(again.job).toMatchObject({ status: 'SUCCEEDED', total: 1, processed: 1, failed: 0 });
    const both = await published(flightId);
    expect(both).toHaveLength(10);
    expect(both.slice(5).map(withoutProducedAt)).toEqual(first.map(withoutProducedAt));
  });

  it('keeps a scoped key to its own operator’s flights, and imports to unscoped billing', async () => {
    const before = (await published(flightId)).length;
    const { job, items } = await run(
      { operation: 'reprocess', filters: { flights: [flightId] } },
      TEST_KEYS.billingBaw,
    );
    expect(job).toMatchObject({ status: 'SUCCEEDED', processed: 1, failed: 1 });
    expect(items.get(flightId)).toMatchObject({ errorCategory: 'NOT_FOUND' });
    expect((await published(flightId)).length).toBe(before);
    const importing = await post(
      { operation: 'import', name: 'x', filters: { files: ['a.csv'] } },
      TEST_KEYS.billingBaw,
    );
    expect(importing.statusCode).toBe(403);
    const upload = await app.inject({
      method: 'PUT',
      url: '/v1/batch-imports/a.csv',
      payload: Buffer.from('x'),
      headers: { ...bearer(TEST_KEYS.billingBaw), 'content-type': 'text/csv' },
    });
    expect(upload.statusCode).toBe(403);
    expect((await get('/v1/batch-imports', TEST_KEYS.viewer)).statusCode).toBe(403);
  });

  it('imports uploaded files: crossings of a real recording, a bad file failing its item by category', async () => {
    const put = (name: string, body: Buffer, type = 'application/octet-stream') =>
      app.inject({
        method: 'PUT',
        url: `/v1/batch-imports/${name}`,
        payload: body,
        headers: { ...bearer(TEST_KEYS.billing), 'content-type': type },
      });
    const a319 = await readFile(sample('flight_a319_opensky.csv'));
    const stored = await put('flight_a319_opensky.csv', a319, 'text/csv');
    expect(stored.statusCode).toBe(201);
    expect(stored.json()).toMatchObject({ name: 'flight_a319_opensky.csv', bytes: a319.length });
    expect((await put('flight_a319_opensky.csv', a319, 'text/csv')).statusCode).toBe(200);
    // A gzip header, then no deflate stream; and text that is no trajectory.
    const corrupt = Buffer.concat([
      Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]),
      Buffer.from('junk'),
    ]);
    expect((await put('corrupt.json.gz', corrupt)).statusCode).toBe(201);
    expect(
      (await put('notes.txt', Buffer.from('minutes of the meeting\n'), 'text/plain')).statusCode,
    ).toBe(201);
    expect((await put('too-big.csv', Buffer.alloc(65 * 1_024, 0x41))).statusCode).toBe(413);
    expect((await put('empty.csv', Buffer.alloc(0))).statusCode).toBe(400);
    const listed = (await get('/v1/batch-imports'))
      .json()
      .items.map((f: { name: string }) => f.name);
    expect(listed).toEqual(['corrupt.json.gz', 'flight_a319_opensky.csv', 'notes.txt']);

    const { job, items } = await run({
      operation: 'import',
      filters: { files: ['flight_a319_opensky.csv', 'corrupt.json.gz', 'notes.txt', 'gone.csv'] },
    });
    expect(job).toMatchObject({ status: 'SUCCEEDED', total: 4, processed: 4, failed: 3 });
    expect(items.get('corrupt.json.gz')).toMatchObject({ errorCategory: 'UNREADABLE_FILE' });
    expect(items.get('notes.txt')).toMatchObject({ errorCategory: 'UNKNOWN_FORMAT' });
    expect(items.get('gone.csv')).toMatchObject({ errorCategory: 'NOT_UPLOADED' });
    // AFR91HL, 2018-01-02, from 8,200 ft over France to Scandinavia (OpenAP's sample).
    const a319Item = items.get('flight_a319_opensky.csv') as {
      quality: number;
      output: Record<string, unknown>;
    };
    expect(a319Item.quality).toBe(1);
    expect(a319Item.output).toMatchObject({
      format: 'openap-csv',
      rowsRead: 116,
      rowsAccepted: 116,
      rejectedRows: {},
      flights: 1,
      crossings: 10,
    });
    const crossings = await published('3946e9-1514922780000');
    expect(crossings).toHaveLength(10);
    expect(crossings.map((c) => c.firId)).toEqual([
      'LFFF',
      'LFEE',
      'EBBU',
      'EHAA',
      'EBBU',
      'EHAA',
      'EDWW',
      'EKDK',
      'ESMM',
      'ESOS',
    ]);
    for (const c of crossings)
      expect(c).toMatchObject({ source: 'REPLAY', status: 'FINAL', callsign: 'AFR91HL' });

    const remove = (name: string) =>
      app.inject({
        method: 'DELETE',
        url: `/v1/batch-imports/${name}`,
        headers: bearer(TEST_KEYS.billing),
      });
    expect((await remove('notes.txt')).statusCode).toBe(204);
    expect((await remove('notes.txt')).statusCode).toBe(404);
  });

  it('refuses bad filters naming the field', async () => {
    const noPeriod = await post({ operation: 'reprocess', name: 'x' });
    expect(noPeriod.statusCode).toBe(400);
    expect(noPeriod.json().detail).toContain('filters.from');
    const badFlight = await post({
      operation: 'reprocess',
      name: 'x',
      filters: { flights: ['ELY1747'] },
    });
    expect(badFlight.statusCode).toBe(400);
    expect(badFlight.json().errors).toMatchObject([{ field: 'body.filters.flights.0' }]);
    const both = await post({
      operation: 'reprocess',
      name: 'x',
      filters: { flights: [flightId], from: '2019-11-03', to: '2019-11-03' },
    });
    expect(both.json().errors).toMatchObject([{ field: 'body.filters.flights' }]);
    const noFiles = await post({ operation: 'import', name: 'x' });
    expect(noFiles.statusCode).toBe(400);
    expect(noFiles.json().errors).toMatchObject([{ field: 'body.filters.files' }]);
    const traversal = await post({ operation: 'import', name: 'x', filters: { files: ['../x'] } });
    expect(traversal.statusCode).toBe(400);
  });
});
