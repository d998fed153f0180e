// Global setup of the vitest `integration` project: brings up the real Kafka, schema
// registry, PostgreSQL and Mailpit (reusing whatever already runs), hands their endpoints to the test
// workers, and on teardown stops only what it started itself: a developer's running infra
// is left alone, and a fresh CI run ends clean.
import type { TestProject } from 'vitest/node';
import { type InfraEndpoints, infraDown, infraUp } from '../../infra/src/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    infra: InfraEndpoints;
  }
}

const log = (line: string) => console.log(`[infra] ${line}`);

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { started, endpoints } = await infraUp({ log });
  // The variable names the services' config reads; forked workers inherit them.
  process.env.KAFKA_BROKERS = endpoints.kafkaBrokers.join(',');
  process.env.SCHEMA_REGISTRY_URL = endpoints.registryUrl;
  process.env.DATABASE_URL = endpoints.postgresUrl;
  project.provide('infra', endpoints);
  return async () => {
    if (started.length > 0) await infraDown({ only: started, log });
  };
}
