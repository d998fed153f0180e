/**
 * pnpm bench:kafka — 200,000 realistic flights.updates records through packages/kafka
 * (Avro via the registry, idempotent acks=all producer, the consumer loop with its
 * per-message handler), and the same through raw kafkajs with JSON, in one run on this
 * machine. Prints what it measured; asserts nothing.
 *
 * BENCH_MESSAGES=50000 pnpm bench:kafka   for a quicker run.
 */
import { createKafkaRuntime } from '@overfly/kafka';
import type { PositionUpdate } from '@overfly/schemas';
// Default import: kafkajs is CommonJS, and plain Node cannot see its named exports.
import kafkajs, { type Kafka } from 'kafkajs';
import { testEndpoints } from '../support/endpoints.js';
import { deleteTopicsWithPrefix, uniquePrefix } from '../support/kafka-admin.js';
import { samplePosition } from '../support/positions.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200_000);
const CHUNK = 2_000;
const AIRCRAFT = 5_000;
const PARTITIONS = 6;

interface Figures {
  produceRate: number;
  consumeRate: number;
  consumeRateWithJoin: number;
}

const values: PositionUpdate[] = Array.from({ length: MESSAGES }, (_, i) =>
  samplePosition(i % AIRCRAFT, i),
);

/**
 * Counts consumed values until MESSAGES have arrived; `seen` is called per decoded value
 * (touching it, so the decode cannot be skipped) and `finish` reports the rates.
 */
function consumeMeter(produceSeconds: number) {
  let count = 0;
  let checksum = 0;
  let first = 0;
  const start = performance.now();
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((r) => {
    resolveDone = r;
  });
  return {
    done,
    seen(value: PositionUpdate | null) {
      if (count === 0) first = performance.now();
      checksum += value?.latitude ?? 0;
      if (++count === MESSAGES) resolveDone();
    },
    finish(): Figures {
      const end = performance.now();
      if (checksum === 0) throw new Error('nothing decoded');
      return {
        produceRate: MESSAGES / produceSeconds,
        consumeRate: MESSAGES / ((end - first) / 1000),
        consumeRateWithJoin: MESSAGES / ((end - start) / 1000),
      };
    },
  };
}

async function benchPackage(prefix: string): Promise<Figures> {
  const { brokers, registryUrl } = testEndpoints();
  const runtime = createKafkaRuntime({
    brokers,
    registryUrl,
    service: 'bench-kafka',
    topicPrefix: prefix,
  });
  await runtime.ensureTopics();
  const producer = await runtime.producer();

  const t0 = performance.now();
  for (let i = 0; i < MESSAGES; i += CHUNK) {
    await producer.send(
      'flights.updates',
      values.slice(i, i + CHUNK).map((value) => ({ key: value.icao24, value })),
    );
  }
  const produceSeconds = (performance.now() - t0) / 1000;

  const meter = consumeMeter(produceSeconds);
  await runtime.consume({
    groupId: `${prefix}bench`,
    topics: ['flights.updates'],
    fromBeginning: true,
    handle: async (message) => meter.seen(message.value as PositionUpdate | null),
  });
  await meter.done;
  const figures = meter.finish();
  await runtime.close();
  return figures;
}

async function benchRaw(prefix: string): Promise<Figures> {
  const kafka: Kafka = new kafkajs.Kafka({
    clientId: 'bench-raw',
    brokers: testEndpoints().brokers,
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const topic = `${prefix}raw-json`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic, numPartitions: PARTITIONS }],
    waitForLeaders: true,
  });
  await admin.disconnect();

  // The same delivery guarantees as the package's producer, so only the serde differs.
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const t0 = performance.now();
  for (let i = 0; i < MESSAGES; i += CHUNK) {
    await producer.send({
      topic,
      acks: -1,
      messages: values
        .slice(i, i + CHUNK)
        .map((value) => ({ key: value.icao24, value: JSON.stringify(value) })),
    });
  }
  const produceSeconds = (performance.now() - t0) / 1000;
  await producer.disconnect();

  const meter = consumeMeter(produceSeconds);
  const consumer = kafka.consumer({
    groupId: `${prefix}raw`,
    maxBytesPerPartition: 4 * 1024 * 1024,
    maxBytes: 32 * 1024 * 1024,
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch, resolveOffset }) => {
      for (const m of batch.messages) {
        meter.seen(JSON.parse(m.value?.toString() ?? 'null') as PositionUpdate | null);
        resolveOffset(m.offset);
      }
    },
  });
  await meter.done;
  const figures = meter.finish();
  await consumer.disconnect();
  return figures;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(9);

async function main() {
  const prefix = uniquePrefix('bench');
  console.log(
    `bench:kafka — ${MESSAGES.toLocaleString('en-US')} flights.updates records, ${PARTITIONS} partitions, ${AIRCRAFT} keys, one broker on this machine`,
  );
  try {
    const raw = await benchRaw(prefix);
    const pkg = await benchPackage(prefix);
    console.log('');
    console.log(
      'path                              produce msg/s  consume msg/s  consume incl. group join',
    );
    console.log(
      `packages/kafka (Avro, registry)   ${fmt(pkg.produceRate)}      ${fmt(pkg.consumeRate)}      ${fmt(pkg.consumeRateWithJoin)}`,
    );
    console.log(
      `raw kafkajs (JSON)                ${fmt(raw.produceRate)}      ${fmt(raw.consumeRate)}      ${fmt(raw.consumeRateWithJoin)}`,
    );
    const ratio = pkg.consumeRate / raw.consumeRate;
    console.log('');
    console.log(
      `consume ratio package/raw: ${ratio.toFixed(2)}   produce ratio package/raw: ${(pkg.produceRate / raw.produceRate).toFixed(2)}`,
    );
    const met = pkg.consumeRate >= 50_000 && ratio >= 0.8;
    console.log(
      `goal (package consume ≥ 50,000 msg/s and ≥ 0.8 × raw): ${met ? 'met' : 'NOT met'} in this run`,
    );
  } finally {
    await deleteTopicsWithPrefix(prefix);
  }
}

await main();
