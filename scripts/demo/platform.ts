/**
 * The platform half of the demo (what `pnpm demo` did before the services existed):
 * Kafka, the schema registry and PostgreSQL up, the catalogue's topics and schemas in place.
 */
import { type InfraEndpoints, infraStatus, infraUp } from '@overfly/infra';
import { printProvision, provision } from '../provision.js';

export async function bringUpPlatform(log: (line: string) => void): Promise<InfraEndpoints> {
  log(
    'Overfly demo — bringing up the local platform (first run downloads Kafka, Apicurio and PostgreSQL, and builds Mailpit)',
  );
  const { started, reused, endpoints } = await infraUp({ log: (line) => log(`  ${line}`) });
  log(started.length > 0 ? `started: ${started.join(', ')}` : 'everything was already running');
  if (reused.length > 0 && started.length > 0) log(`reused: ${reused.join(', ')}`);

  // provision() and the services read these; make sure they point at what just started.
  process.env.KAFKA_BROKERS = endpoints.kafkaBrokers.join(',');
  process.env.SCHEMA_REGISTRY_URL = endpoints.registryUrl;
  process.env.DATABASE_URL = endpoints.postgresUrl;

  log('');
  log('Topics and Avro contracts (schemas/topics.json, schemas/*.avsc):');
  printProvision(await provision(log), log);
  return endpoints;
}

export async function printPlatform(
  endpoints: InfraEndpoints,
  log: (line: string) => void,
): Promise<void> {
  log('');
  log(
    'Platform (stays up after the demo; `pnpm infra:down` stops it, add --wipe to delete its data):',
  );
  for (const s of await infraStatus()) {
    log(
      `  ${s.component.padEnd(9)} pid ${String(s.pid ?? '-').padEnd(7)} port ${s.port}  ${s.answering ? 'answering' : 'NOT answering'}`,
    );
  }
  log(`  Kafka bootstrap    ${endpoints.kafkaBrokers.join(',')}`);
  log(`  Schema registry    ${endpoints.registryUrl}   (Confluent-compatible API of Apicurio)`);
  log(`  PostgreSQL         ${endpoints.postgresUrl.replace(/:[^:@/]+@/, ':***@')}`);
  log(
    `  SMTP (Mailpit)     ${endpoints.smtpHost}:${endpoints.smtpPort}   mail sent, in a browser: ${endpoints.mailpitUrl}   (REST API: ${endpoints.mailpitUrl}/api/v1/messages)`,
  );
}
