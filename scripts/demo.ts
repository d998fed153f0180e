/**
 * pnpm demo (npm run demo on a fresh machine) — the local Overfly stack, from nothing:
 * starts PostgreSQL, Kafka and the schema registry (downloading them on first use),
 * creates the catalogue's topics, registers the Avro contracts, and says what runs where.
 *
 * Later issues add the services to this script; today it stands up the platform they run on.
 */
import { infraStatus, infraUp } from '@overfly/infra';
import { printProvision, provision } from './provision.js';

const log = (line: string) => console.log(line);

async function main(): Promise<void> {
  log(
    'Overfly demo — bringing up the local platform (first run downloads Kafka, Apicurio and PostgreSQL)',
  );
  const { started, reused, endpoints } = await infraUp({ log: (line) => log(`  ${line}`) });
  log(started.length > 0 ? `started: ${started.join(', ')}` : 'everything was already running');
  if (reused.length > 0 && started.length > 0) log(`reused: ${reused.join(', ')}`);

  // The scripts and services read these; make sure they point at what just started.
  process.env.KAFKA_BROKERS = endpoints.kafkaBrokers.join(',');
  process.env.SCHEMA_REGISTRY_URL = endpoints.registryUrl;
  process.env.DATABASE_URL = endpoints.postgresUrl;

  log('');
  log('Topics and Avro contracts (schemas/topics.json, schemas/*.avsc):');
  const report = await provision(log);
  printProvision(report, log);

  log('');
  log('Running:');
  for (const s of await infraStatus()) {
    log(
      `  ${s.component.padEnd(9)} pid ${String(s.pid ?? '-').padEnd(7)} port ${s.port}  ${s.answering ? 'answering' : 'NOT answering'}`,
    );
  }
  log('');
  log(`  Kafka bootstrap    ${endpoints.kafkaBrokers.join(',')}`);
  log(`  Schema registry    ${endpoints.registryUrl}   (Confluent-compatible API of Apicurio)`);
  log(`  PostgreSQL         ${endpoints.postgresUrl.replace(/:[^:@/]+@/, ':***@')}`);
  log('');
  log(
    'Next:  pnpm infra:status   ·   pnpm dead-letters list   ·   pnpm infra:down   (add --wipe to delete the data)',
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
