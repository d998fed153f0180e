import { createKafkaRuntime, type KafkaRuntime } from '@overfly/kafka';
import { afterAll } from 'vitest';
import { testEndpoints } from './endpoints.js';
import { deleteTopicsWithPrefix, uniquePrefix } from './kafka-admin.js';

export {
  committedTotal,
  deleteTopicsWithPrefix,
  uniquePrefix,
  withAdmin,
} from './kafka-admin.js';

/**
 * A runtime on its own set of catalogue topics (created here), closed and its topics
 * deleted when the test file ends.
 */
export async function isolatedRuntime(
  label: string,
  service = `test-${label}`,
): Promise<{
  runtime: KafkaRuntime;
  prefix: string;
  open: (service: string) => KafkaRuntime;
}> {
  const { brokers, registryUrl } = testEndpoints();
  const prefix = uniquePrefix(label);
  const opened: KafkaRuntime[] = [];
  const open = (name: string) => {
    const rt = createKafkaRuntime({ brokers, registryUrl, service: name, topicPrefix: prefix });
    opened.push(rt);
    return rt;
  };
  const runtime = open(service);
  await runtime.ensureTopics();
  afterAll(async () => {
    await Promise.all(opened.map((rt) => rt.close()));
    await deleteTopicsWithPrefix(prefix);
  });
  return { runtime, prefix, open };
}
