import { createKafkaRuntime, KafkaPackageError } from '@overfly/kafka';
import { type PositionUpdate, topicCatalogue, valueSchemaFor } from '@overfly/schemas';
import { afterAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../support/endpoints.js';
import {
  deleteTopicsWithPrefix,
  isolatedRuntime,
  uniquePrefix,
  withAdmin,
} from '../support/kafka-runtime.js';
import { samplePosition } from '../support/positions.js';
import { waitFor } from '../support/wait-for.js';

describe('Avro through the real schema registry', () => {
  it('round-trips a flights.updates record unchanged', async () => {
    const { runtime } = await isolatedRuntime('serde');
    const sent = [
      samplePosition(1, 1),
      { ...samplePosition(2, 2), callsign: null, baroAltitudeM: null, squawk: null },
    ];
    const producer = await runtime.producer();
    await producer.send(
      'flights.updates',
      sent.map((value) => ({ key: value.icao24, value })),
    );

    const received: PositionUpdate[] = [];
    await runtime.consume({
      groupId: `serde-${Date.now()}`,
      topics: ['flights.updates'],
      fromBeginning: true,
      handle: async (m) => {
        if (m.value) received.push(m.value as PositionUpdate);
      },
    });
    await waitFor(() => received.length === 2, { timeoutMs: 30_000, message: 'both records back' });
    expect(received.sort((a, b) => a.positionTime - b.positionTime)).toEqual(sent);
  });

  it('sends more than the broker takes in one record batch, whole and in order', async () => {
    const { runtime } = await isolatedRuntime('big-send');
    // One key, so one partition: 20,000 positions are ~2 MiB, twice the broker's default
    // message.max.bytes for a record batch, which kafkajs would send as one batch.
    const sent = Array.from({ length: 20_000 }, (_, i) => ({
      ...samplePosition(1, i + 1),
      callsign: `BIG${String(i).padStart(5, '0')}`,
    }));
    const producer = await runtime.producer();
    await producer.send(
      'flights.updates',
      sent.map((value) => ({ key: value.icao24, value })),
    );
    const received: string[] = [];
    await runtime.readToEnd('flights.updates', (m) => {
      if (m.value) received.push(m.value.callsign ?? '');
    });
    expect(received).toEqual(sent.map((p) => p.callsign));
  });

  it('refuses an incompatible schema version under BACKWARD with the registry conflict', async () => {
    const { registryUrl } = testEndpoints();
    const rt = createKafkaRuntime({
      brokers: testEndpoints().brokers,
      registryUrl,
      service: 'test-compat',
    });
    const subject = `test-compat-${Date.now()}-value`;
    const v1 = {
      type: 'record',
      name: 'Probe',
      namespace: 'io.overfly.test',
      doc: 'probe',
      fields: [{ name: 'a', type: 'string', doc: 'a' }],
    };
    const v2Bad = {
      ...v1,
      fields: [...v1.fields, { name: 'b', type: 'int', doc: 'b, no default' }],
    };
    const v2Good = {
      ...v1,
      fields: [...v1.fields, { name: 'b', type: 'int', doc: 'b', default: 0 }],
    };

    const id1 = await rt.registry.register(subject, v1);
    expect((await rt.registry.checkCompatibility(subject, v2Bad)).compatible).toBe(false);
    const refused = await rt.registry.register(subject, v2Bad).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(KafkaPackageError);
    expect((refused as KafkaPackageError).code).toBe('KAFKA_REGISTRY_REJECTED');
    expect((refused as Error).message).toMatch(/409/);

    expect((await rt.registry.checkCompatibility(subject, v2Good)).compatible).toBe(true);
    const id2 = await rt.registry.register(subject, v2Good);
    expect(id2).not.toBe(id1);
    expect(await rt.registry.schemaById(id1)).toMatchObject({
      name: 'Probe',
      fields: [{ name: 'a' }],
    });
    await rt.close();
  });

  it('reads a record written with an older schema version through the current reader schema', async () => {
    const { runtime, prefix } = await isolatedRuntime('evolve');
    const current = valueSchemaFor('flights.updates') as unknown as {
      fields: readonly { name: string }[];
    };
    // An "older" writer: the current schema without its optional squawk field.
    const older = { ...current, fields: current.fields.filter((f) => f.name !== 'squawk') };
    const subject = `test-older-${Date.now()}-value`;
    await runtime.serde.prepareWriter(subject, older);
    const { squawk: _dropped, ...oldValue } = samplePosition(3, 3);
    const bytes = runtime.serde.encode(subject, oldValue);
    const producer = await runtime.producer();
    await producer.sendRaw(`${prefix}flights.updates`, [{ key: oldValue.icao24, value: bytes }]);

    const received: PositionUpdate[] = [];
    await runtime.consume({
      groupId: `evolve-${Date.now()}`,
      topics: ['flights.updates'],
      fromBeginning: true,
      handle: async (m) => {
        if (m.value) received.push(m.value as PositionUpdate);
      },
    });
    await waitFor(() => received.length === 1, { timeoutMs: 30_000, message: 'the old record' });
    expect(received[0]).toEqual({ ...oldValue, squawk: null });
  });
});

describe('topics from the catalogue', () => {
  const prefixes: string[] = [];
  afterAll(async () => {
    for (const p of prefixes) await deleteTopicsWithPrefix(p);
  });

  it('creates every catalogue topic once; a second run creates nothing', async () => {
    const prefix = uniquePrefix('topics');
    prefixes.push(prefix);
    const rt = createKafkaRuntime({ ...endpoints(), service: 'test-topics', topicPrefix: prefix });
    const first = await rt.ensureTopics();
    expect(first.created).toHaveLength(topicCatalogue.length);
    const second = await rt.ensureTopics();
    expect(second.created).toEqual([]);
    expect(second.existing).toHaveLength(topicCatalogue.length);
    expect(second.mismatches).toEqual([]);

    const described = await withAdmin((admin) =>
      admin.describeTopics([
        `${prefix}flights.updates`,
        `${prefix}dead.letter`,
        `${prefix}flights.state`,
      ]),
    );
    const of = (name: string) => described.find((t) => t.name === `${prefix}${name}`);
    expect(of('flights.updates')?.partitions).toBe(6);
    expect(of('flights.state')?.cleanupPolicy).toBe('compact');
    await rt.close();
  });

  it('two services starting at once create each topic exactly once between them', async () => {
    const prefix = uniquePrefix('race');
    prefixes.push(prefix);
    const a = createKafkaRuntime({ ...endpoints(), service: 'test-topics-a', topicPrefix: prefix });
    const b = createKafkaRuntime({ ...endpoints(), service: 'test-topics-b', topicPrefix: prefix });
    const [ra, rb] = await Promise.all([a.ensureTopics(), b.ensureTopics()]);
    const createdByBoth = [...ra.created, ...rb.created].sort();
    expect(createdByBoth).toEqual(topicCatalogue.map((t) => `${prefix}${t.name}`).sort());
    expect([...ra.mismatches, ...rb.mismatches]).toEqual([]);
    await Promise.all([a.close(), b.close()]);
  });

  it('reports a topic whose partition count differs from the catalogue, and refuses to go on', async () => {
    const prefix = uniquePrefix('mismatch');
    prefixes.push(prefix);
    await withAdmin((admin) =>
      admin.createTopic({ name: `${prefix}fir.crossings`, partitions: 2 }),
    );

    const rt = createKafkaRuntime({ ...endpoints(), service: 'test-topics', topicPrefix: prefix });
    const error = await rt.ensureTopics().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KafkaPackageError);
    expect((error as KafkaPackageError).code).toBe('KAFKA_TOPIC_MISMATCH');
    expect((error as Error).message).toContain(
      `${prefix}fir.crossings partitions is 2, catalogue says 6`,
    );

    const reported = await rt.ensureTopics({ onMismatch: 'report' });
    expect(reported.mismatches).toEqual([
      { topic: `${prefix}fir.crossings`, setting: 'partitions', expected: '6', actual: '2' },
    ]);
    await rt.close();
  });
});

function endpoints() {
  const { brokers, registryUrl } = testEndpoints();
  return { brokers, registryUrl };
}
