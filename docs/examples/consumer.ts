// A consumer of an Overfly topic, for another team to copy (docs/topics.md).
//
//   npm install kafkajs@2.2.4 @kafkajs/confluent-schema-registry@3.9.0
//   KAFKA_BROKERS=127.0.0.1:9092 \
//   SCHEMA_REGISTRY_URL=http://127.0.0.1:8081/apis/ccompat/v7 \
//   GROUP_ID=my-team.fir-crossings npx tsx consumer.ts
//
// Environment: KAFKA_BROKERS (comma-separated), SCHEMA_REGISTRY_URL (the registry's
// Confluent-compatible base URL), GROUP_ID (your own consumer group: never an Overfly
// service's), TOPIC (default fir.crossings; charges.calculated works the same way),
// FROM_BEGINNING=true to read a new group's topic from its start.
//
// Values are Avro in the Confluent wire format (magic byte 0, a 4-byte schema id, the Avro
// body): the registry client reads the id, fetches that writer schema once and decodes.
// Keys are plain UTF-8 strings. Delivery is at least once: a record may come twice, so
// what you do with one must be idempotent (fir.crossings: upsert by crossingId).
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel } from 'kafkajs';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092')
  .split(',')
  .map((broker) => broker.trim())
  .filter((broker) => broker !== '');
const registryUrl = process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7';
const groupId = process.env.GROUP_ID ?? 'example-team.fir-crossings';
const topic = process.env.TOPIC ?? 'fir.crossings';
const fromBeginning = process.env.FROM_BEGINNING === 'true';

/** The fields of io.overfly.airspace.FirCrossing printed below (the schema has more). */
interface FirCrossing {
  crossingId: string;
  icao24: string;
  callsign: string | null;
  firId: string;
  status: 'PROVISIONAL' | 'FINAL' | 'UNKNOWN';
  /** timestamp-millis: UTC epoch ms, a plain number once decoded. */
  entryTime: number;
  exitTime: number | null;
}

function describe(value: unknown): string {
  if (topic === 'fir.crossings') {
    const crossing = value as FirCrossing;
    const exit = crossing.exitTime === null ? '…' : new Date(crossing.exitTime).toISOString();
    return `${crossing.status} ${crossing.crossingId} ${crossing.callsign ?? crossing.icao24} in ${crossing.firId} ${new Date(crossing.entryTime).toISOString()} → ${exit}`;
  }
  // Avro longs decode to numbers, bytes to Buffers; JSON shows both.
  return JSON.stringify(value);
}

async function main(): Promise<void> {
  const kafka = new Kafka({ clientId: groupId, brokers, logLevel: logLevel.WARN });
  const registry = new SchemaRegistry({ host: registryUrl });
  const consumer = kafka.consumer({ groupId });

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.error(`${signal}: finishing the message in hand and leaving the group`);
    try {
      // Waits for the running eachMessage (and its commit), then leaves the group.
      await consumer.disconnect();
      process.exit(0);
    } catch (error) {
      console.error('disconnect failed', error);
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning });
  await consumer.run({
    // Commit ourselves, after the record is handled: a crash then repeats a record, never
    // skips one.
    autoCommit: false,
    eachMessage: async ({ topic: from, partition, message }) => {
      const key = message.key?.toString('utf8') ?? null;
      const where = `${from}[${partition}]@${message.offset} key=${key ?? '(none)'}`;
      if (message.value === null) {
        // A tombstone: on a compacted topic the key is gone.
        console.log(`${where} tombstone`);
      } else {
        // A failure here (registry away, a record that does not decode) throws: kafkajs
        // retries the message and restarts the consumer, so nothing is skipped silently.
        const value: unknown = await registry.decode(message.value);
        console.log(`${where} ${describe(value)}`);
      }
      await consumer.commitOffsets([
        { topic: from, partition, offset: (BigInt(message.offset) + 1n).toString() },
      ]);
    },
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
