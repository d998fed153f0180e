import { z } from 'zod';
import type { Env } from './field-meta.js';
import { brokers, derivedDefault, duration, enumOf, port, url } from './fields.js';

/** Ports of the local demo infrastructure; infra/ overrides them when one is taken. */
export const LOCAL_PORTS = Object.freeze({
  OVERFLY_KAFKA_PORT: 9092,
  OVERFLY_REGISTRY_PORT: 8081,
  OVERFLY_POSTGRES_PORT: 5432,
});

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * The defaults every service gets, as the strings a person would write in an env file,
 * so docs and docker-compose tests can compare against them. Ports come from `env`.
 */
export function commonDefaults(env: Env = {}) {
  const kafkaPort = env.OVERFLY_KAFKA_PORT?.trim() || LOCAL_PORTS.OVERFLY_KAFKA_PORT;
  const registryPort = env.OVERFLY_REGISTRY_PORT?.trim() || LOCAL_PORTS.OVERFLY_REGISTRY_PORT;
  const postgresPort = env.OVERFLY_POSTGRES_PORT?.trim() || LOCAL_PORTS.OVERFLY_POSTGRES_PORT;
  return Object.freeze({
    LOG_LEVEL: 'info',
    KAFKA_BROKERS: `127.0.0.1:${kafkaPort}`,
    // Apicurio serves its Confluent-compatible API under this path.
    SCHEMA_REGISTRY_URL: `http://127.0.0.1:${registryPort}/apis/ccompat/v7`,
    DATABASE_URL: `postgres://overfly:overfly@127.0.0.1:${postgresPort}/overfly`,
    METRICS_PUBLISH_INTERVAL: '15s',
    SHUTDOWN_TIMEOUT: '10s',
    KAFKA_OUTAGE_TOLERANCE: '5m',
  } as const);
}

/** Defaults with no OVERFLY_*_PORT set. */
export const COMMON_DEFAULTS = commonDefaults();

/**
 * Variables every service reads. Spread into a service's own shape:
 * `defineConfig({ ...commonConfig, HTTP_PORT: port().default(3000) })`.
 */
export const commonConfig = {
  OVERFLY_KAFKA_PORT: port()
    .optional()
    .describe('Port of the local Kafka broker; only used to derive KAFKA_BROKERS'),
  OVERFLY_REGISTRY_PORT: port()
    .optional()
    .describe('Port of the local schema registry; only used to derive SCHEMA_REGISTRY_URL'),
  OVERFLY_POSTGRES_PORT: port()
    .optional()
    .describe('Port of the local PostgreSQL; only used to derive DATABASE_URL'),
  LOG_LEVEL: enumOf(LOG_LEVELS).default(COMMON_DEFAULTS.LOG_LEVEL).describe('pino log level'),
  KAFKA_BROKERS: derivedDefault(brokers().describe('Kafka bootstrap servers'), {
    from: ['OVERFLY_KAFKA_PORT'],
    compute: (env) => commonDefaults(env).KAFKA_BROKERS,
    shown: `127.0.0.1:\${OVERFLY_KAFKA_PORT:-${LOCAL_PORTS.OVERFLY_KAFKA_PORT}}`,
  }),
  KAFKA_CLIENT_ID: z
    .string()
    .min(1)
    .optional()
    .describe('Kafka client id; defaults to the service name'),
  TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/, 'letters, digits, dot, underscore or dash')
    .default('')
    .describe('Prefix of every topic name: isolated environments (tests, demos) on one cluster'),
  SCHEMA_REGISTRY_URL: derivedDefault(
    url({ protocols: ['http', 'https'] }).describe('Confluent-compatible schema registry API'),
    {
      from: ['OVERFLY_REGISTRY_PORT'],
      compute: (env) => commonDefaults(env).SCHEMA_REGISTRY_URL,
      shown: `http://127.0.0.1:\${OVERFLY_REGISTRY_PORT:-${LOCAL_PORTS.OVERFLY_REGISTRY_PORT}}/apis/ccompat/v7`,
    },
  ),
  DATABASE_URL: derivedDefault(
    url({ protocols: ['postgres', 'postgresql'] }).describe('PostgreSQL connection string'),
    {
      from: ['OVERFLY_POSTGRES_PORT'],
      compute: (env) => commonDefaults(env).DATABASE_URL,
      shown: `postgres://overfly:overfly@127.0.0.1:\${OVERFLY_POSTGRES_PORT:-${LOCAL_PORTS.OVERFLY_POSTGRES_PORT}}/overfly`,
    },
  ),
  METRICS_PORT: port({ allowZero: true })
    .optional()
    .describe('Port of /metrics and /health; unset means no ops server, 0 picks a free port'),
  METRICS_PUBLISH_INTERVAL: duration()
    .default(COMMON_DEFAULTS.METRICS_PUBLISH_INTERVAL)
    .describe('How often metrics are published to system.metrics'),
  SHUTDOWN_TIMEOUT: duration()
    .default(COMMON_DEFAULTS.SHUTDOWN_TIMEOUT)
    .describe('How long graceful shutdown may take before the process exits anyway'),
  KAFKA_OUTAGE_TOLERANCE: duration({ positive: true })
    .default(COMMON_DEFAULTS.KAFKA_OUTAGE_TOLERANCE)
    .describe(
      'How long sends, commits and schema registrations wait for a Kafka broker or schema registry that does not answer before the service gives up (not ready meanwhile)',
    ),
};
