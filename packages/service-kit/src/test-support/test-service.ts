import { testEndpoints } from '../../../../tests/support/endpoints.js';
import { type Service, startService } from '../service.js';

/**
 * A service on the test platform's broker and registry under `prefix`: silent, its ops
 * server (/metrics) on a free port, no snapshot within the test, no signal handlers.
 */
export function startTestService(name: string, prefix: string): Promise<Service> {
  const { brokers, registryUrl } = testEndpoints();
  return startService(
    name,
    {
      LOG_LEVEL: 'silent',
      KAFKA_BROKERS: brokers,
      SCHEMA_REGISTRY_URL: registryUrl,
      TOPIC_PREFIX: prefix,
      METRICS_PORT: 0,
      METRICS_PUBLISH_INTERVAL: 60_000,
      SHUTDOWN_TIMEOUT: 20_000,
    },
    { exit: () => {}, signals: [] },
  );
}
