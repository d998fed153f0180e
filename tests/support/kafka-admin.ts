import { randomBytes } from 'node:crypto';
import kafkajs, { type Kafka } from 'kafkajs';
import { testEndpoints } from './endpoints.js';

// Helpers with no test-runner dependency, so benchmarks can use them too.

/** A topic prefix no other test run uses, so tests share one broker without seeing each other. */
export function uniquePrefix(label: string): string {
  return `test.${label}.${randomBytes(4).toString('hex')}.`;
}

/** Raw kafkajs for what a test must do outside the package (inspect, delete, bench peer). */
export function rawKafka(clientId = 'overfly-tests'): Kafka {
  return new kafkajs.Kafka({
    clientId,
    brokers: testEndpoints().brokers,
    logLevel: kafkajs.logLevel.NOTHING,
  });
}

export async function deleteTopicsWithPrefix(prefix: string): Promise<void> {
  const admin = rawKafka().admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
  } finally {
    await admin.disconnect();
  }
}

/** Committed offsets of a group on one topic, summed over partitions (what a restart resumes from). */
export async function committedTotal(groupId: string, topic: string): Promise<number> {
  const admin = rawKafka().admin();
  await admin.connect();
  try {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return (entry?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  } finally {
    await admin.disconnect();
  }
}
