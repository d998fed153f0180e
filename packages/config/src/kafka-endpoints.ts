import { commonConfig } from './common-config.js';
import { defineConfig, loadConfigOrExit } from './load-config.js';

const schema = defineConfig({
  OVERFLY_KAFKA_PORT: commonConfig.OVERFLY_KAFKA_PORT,
  OVERFLY_REGISTRY_PORT: commonConfig.OVERFLY_REGISTRY_PORT,
  KAFKA_BROKERS: commonConfig.KAFKA_BROKERS,
  SCHEMA_REGISTRY_URL: commonConfig.SCHEMA_REGISTRY_URL,
  TOPIC_PREFIX: commonConfig.TOPIC_PREFIX,
});

/**
 * Broker, registry and topic prefix for tools and scripts, from the variables the
 * services read (KAFKA_BROKERS, SCHEMA_REGISTRY_URL or the local OVERFLY_*_PORT
 * defaults, TOPIC_PREFIX); exits naming the variable when one is malformed. Lives here,
 * where the environment is read, so that packages/kafka never reads it (nor exits).
 */
export function kafkaEndpointsFromEnv(): {
  brokers: string[];
  registryUrl: string;
  topicPrefix: string;
} {
  const config = loadConfigOrExit(schema);
  return {
    brokers: [...config.KAFKA_BROKERS],
    registryUrl: config.SCHEMA_REGISTRY_URL,
    topicPrefix: config.TOPIC_PREFIX,
  };
}
