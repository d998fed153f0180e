/**
 * pnpm provision — create the catalogue's topics and register its schemas, on the
 * Kafka and registry the environment names (KAFKA_BROKERS, SCHEMA_REGISTRY_URL).
 * Idempotent; a topic that differs from the catalogue stops it with the difference named.
 */
import { kafkaEndpointsFromEnv } from '@overfly/config';
import { createKafkaRuntime } from '@overfly/kafka';
import { topics } from '@overfly/schemas';

export interface ProvisionReport {
  /** Catalogue names (without TOPIC_PREFIX) of the topics this run created. */
  created: string[];
  existing: string[];
  clampedReplication: number | null;
  subjects: Array<{ subject: string; id: number }>;
}

export async function provision(
  log: (line: string) => void = console.log,
): Promise<ProvisionReport> {
  const endpoints = kafkaEndpointsFromEnv();
  const runtime = createKafkaRuntime({ ...endpoints, service: 'provision' });
  const unprefixed = (names: string[]) => names.map((n) => n.slice(endpoints.topicPrefix.length));
  try {
    const result = await runtime.ensureTopics();
    if (result.clampedReplication !== null) {
      log(
        `single-broker cluster: replication factor and min.insync.replicas clamped to ${result.clampedReplication}`,
      );
    }
    const subjects = await runtime.registerSchemas();
    return {
      created: unprefixed(result.created),
      existing: unprefixed(result.existing),
      clampedReplication: result.clampedReplication,
      subjects,
    };
  } finally {
    await runtime.close();
  }
}

export function printProvision(
  report: ProvisionReport,
  log: (line: string) => void = console.log,
): void {
  const ids = new Map(report.subjects.map((s) => [s.subject, s.id]));
  log('topic                    partitions  cleanup  retention   schema id  state');
  for (const t of Object.values(topics)) {
    const retention = t.retentionMs < 0 ? 'forever' : `${Math.round(t.retentionMs / 86_400_000)} d`;
    const state = report.created.includes(t.name) ? 'created' : 'existing';
    log(
      `${t.name.padEnd(24)} ${String(t.partitions).padStart(10)}  ${t.cleanupPolicy.padEnd(7)}  ${retention.padStart(9)}  ${String(ids.get(`${t.name}-value`) ?? '-').padStart(9)}  ${state}`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  provision()
    .then((report) => {
      printProvision(report);
      process.exit(0);
    })
    .catch((error: unknown) => {
      console.error(`provision: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}
