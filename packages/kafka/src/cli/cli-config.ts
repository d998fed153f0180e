import { commonConfig, defineConfig, loadConfigOrExit } from '@overfly/config';

const schema = defineConfig({
  OVERFLY_KAFKA_PORT: commonConfig.OVERFLY_KAFKA_PORT,
  OVERFLY_REGISTRY_PORT: commonConfig.OVERFLY_REGISTRY_PORT,
  KAFKA_BROKERS: commonConfig.KAFKA_BROKERS,
  SCHEMA_REGISTRY_URL: commonConfig.SCHEMA_REGISTRY_URL,
});

/** The Kafka endpoints an operator tool needs, from the same variables the services read. */
export function kafkaCliConfig(): { brokers: string[]; registryUrl: string } {
  const config = loadConfigOrExit(schema);
  return { brokers: [...config.KAFKA_BROKERS], registryUrl: config.SCHEMA_REGISTRY_URL };
}
