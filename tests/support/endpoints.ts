import { commonConfig, defineConfig, loadConfig } from '@overfly/config';

const schema = defineConfig({
  OVERFLY_KAFKA_PORT: commonConfig.OVERFLY_KAFKA_PORT,
  OVERFLY_REGISTRY_PORT: commonConfig.OVERFLY_REGISTRY_PORT,
  OVERFLY_POSTGRES_PORT: commonConfig.OVERFLY_POSTGRES_PORT,
  KAFKA_BROKERS: commonConfig.KAFKA_BROKERS,
  SCHEMA_REGISTRY_URL: commonConfig.SCHEMA_REGISTRY_URL,
  DATABASE_URL: commonConfig.DATABASE_URL,
});

/** Where the real infrastructure answers, from the same variables the services read. */
export function testEndpoints(): { brokers: string[]; registryUrl: string; databaseUrl: string } {
  const config = loadConfig(schema);
  return {
    brokers: [...config.KAFKA_BROKERS],
    registryUrl: config.SCHEMA_REGISTRY_URL,
    databaseUrl: config.DATABASE_URL,
  };
}
