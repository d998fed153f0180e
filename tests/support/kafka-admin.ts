import { randomBytes } from 'node:crypto';
import { createKafkaAdmin, type KafkaAdmin } from '@overfly/kafka';
import { testEndpoints } from './endpoints.js';

// Helpers with no test-runner dependency, so benchmarks can use them too. Everything
// Kafka goes through packages/kafka: no test imports kafkajs (the kafka benchmark's raw
// baseline excepted).

/** A topic prefix no other test run uses, so tests share one broker without seeing each other. */
export function uniquePrefix(label: string): string {
  return `test.${label}.${randomBytes(4).toString('hex')}.`;
}

/** packages/kafka's admin on the test broker, for what a test inspects outside a runtime. */
export function testAdmin(clientId = 'overfly-tests'): KafkaAdmin {
  return createKafkaAdmin({ brokers: testEndpoints().brokers, clientId });
}

/** Runs `work` with a test admin, closed afterwards. */
export async function withAdmin<R>(work: (admin: KafkaAdmin) => Promise<R>): Promise<R> {
  const admin = testAdmin();
  try {
    return await work(admin);
  } finally {
    await admin.close();
  }
}

export async function deleteTopicsWithPrefix(prefix: string): Promise<void> {
  await withAdmin(async (admin) => {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    await admin.deleteTopics(topics);
  });
}

/** Committed offsets of a group on one topic, summed over partitions (what a restart resumes from). */
export async function committedTotal(groupId: string, topic: string): Promise<number> {
  return withAdmin(async (admin) => {
    const offsets = await admin.committedOffsets(groupId, topic);
    return [...offsets.values()].reduce((sum, o) => sum + (o === null ? 0 : Number(o)), 0);
  });
}
