/**
 * bench:e2e's baseline, in the same run: the same positions through one topic with raw
 * kafkajs — JSON values, batches of 1,000, one consumer in this process; no schema
 * registry, no tracking, no pricing, no PostgreSQL. What Kafka alone does on this machine.
 */
// Default import: kafkajs is CommonJS, and plain Node cannot see its named exports.

import type { PositionUpdate } from '@overfly/schemas';
import kafkajs from 'kafkajs';
import { type LatencySummary, summarize } from './stats.js';

export interface BaselineResult {
  positions: number;
  seconds: number;
  positionsPerSecond: number;
  /** Record timestamp (producer send) → received by the consumer. */
  latencyMs: LatencySummary;
}

const BATCH = 1_000;

export async function rawKafkaBaseline(
  brokers: string[],
  topic: string,
  records: readonly PositionUpdate[],
): Promise<BaselineResult> {
  const kafka = new kafkajs.Kafka({
    clientId: 'bench-e2e-baseline',
    brokers,
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });
  await admin.disconnect();

  const latencies: number[] = [];
  let received = 0;
  let lastAt = 0;
  let done: () => void = () => {};
  const all = new Promise<void>((resolve) => {
    done = resolve;
  });
  const consumer = kafka.consumer({ groupId: `${topic}.consumer`, maxWaitTimeInMs: 10 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const now = Date.now();
      for (const m of batch.messages) {
        if (m.value) JSON.parse(m.value.toString());
        latencies.push(now - Number(m.timestamp));
      }
      received += batch.messages.length;
      lastAt = now;
      if (received >= records.length) done();
    },
  });
  // Let the consumer join its group before the first record goes out.
  await new Promise((r) => setTimeout(r, 3_000));

  const producer = kafka.producer();
  await producer.connect();
  const startedAt = Date.now();
  try {
    for (let i = 0; i < records.length; i += BATCH) {
      await producer.send({
        topic,
        messages: records.slice(i, i + BATCH).map((p) => ({
          key: p.icao24,
          value: JSON.stringify(p),
        })),
      });
    }
    const timeout = setTimeout(done, 120_000);
    await all;
    clearTimeout(timeout);
  } finally {
    await producer.disconnect();
    await consumer.disconnect();
  }
  const seconds = (lastAt - startedAt) / 1000;
  return {
    positions: received,
    seconds,
    positionsPerSecond: received / seconds,
    latencyMs: summarize(latencies),
  };
}
