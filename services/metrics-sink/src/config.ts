import {
  commonConfig,
  defineConfig,
  duration,
  int,
  type LoadedConfig,
  loadConfigOrExit,
} from '@overfly/config';
import { z } from 'zod';

export const sinkConfigSchema = defineConfig({
  ...commonConfig,
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case SQL identifier')
    .default('metrics')
    .describe('PostgreSQL schema of the metrics tables (search_path); created when missing'),
  DATABASE_POOL_SIZE: int({ min: 2, max: 100 })
    .default(4)
    .describe('Connections in the PostgreSQL pool'),
  KAFKA_GROUP_ID: z
    .string()
    .min(1)
    .default('metrics-sink')
    .describe('Consumer group of system.metrics'),
  KAFKA_SESSION_TIMEOUT: duration()
    .default('6s')
    .describe(
      'How long the group waits for a silent (killed) member before giving its partitions to another',
    ),
  METRICS_RETENTION: duration({ positive: true })
    .default('7d')
    .describe(
      'How long samples are kept: a day partition whose whole day is older than this is dropped',
    ),
  METRICS_PARTITION_LEAD_DAYS: int({ min: 0, max: 30 })
    .default(2)
    .describe('Day partitions created ahead of today (UTC), so inserts never wait for DDL'),
  METRICS_MAINTENANCE_INTERVAL: duration({ positive: true })
    .default('1h')
    .describe('How often partitions ahead are created and those past retention dropped'),
  METRICS_BATCH_SIZE: int({ min: 1, max: 10_000 })
    .default(100)
    .describe('Snapshots written per PostgreSQL transaction (one INSERT statement per snapshot)'),
});

export type SinkConfig = LoadedConfig<typeof sinkConfigSchema>;

export function loadSinkConfig(): SinkConfig {
  return loadConfigOrExit(sinkConfigSchema);
}
