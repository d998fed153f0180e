// Every log line names its service once: a child logger that binds `service` again on top of
// the service's own logger writes the key twice, which log pipelines reject or mangle.
import { Writable } from 'node:stream';
import { createKafkaRuntime } from '@overfly/kafka';
import { createLogger } from '@overfly/observability';
import { afterAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../support/endpoints.js';
import { deleteTopicsWithPrefix, uniquePrefix } from '../support/kafka-admin.js';

const prefix = uniquePrefix('loglines');
afterAll(() => deleteTopicsWithPrefix(prefix));

describe('log lines of a service and its consumer loop', () => {
  it('name the service exactly once', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const logger = createLogger({ service: 'log-test', level: 'info', destination });
    const { brokers, registryUrl } = testEndpoints();
    const runtime = createKafkaRuntime({
      brokers,
      registryUrl,
      service: 'log-test',
      topicPrefix: prefix,
      logger,
    });
    await runtime.ensureTopics();
    const loop = await runtime.consume({
      groupId: `${prefix}log-test`,
      topics: ['flight.events'],
      handle: async () => {},
    });
    await loop.stop();
    await runtime.close();
    const fromLoop = lines.filter((line) => line.includes('consumer loop'));
    expect(fromLoop.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.match(/"service":/g), line).toHaveLength(1);
  });
});
