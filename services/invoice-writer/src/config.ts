import {
  commonConfig,
  defineConfig,
  duration,
  int,
  type LoadedConfig,
  loadConfigOrExit,
} from '@overfly/config';
import { z } from 'zod';

export const writerConfigSchema = defineConfig({
  ...commonConfig,
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case SQL identifier')
    .default('public')
    .describe('PostgreSQL schema of the billing tables (search_path); created when missing'),
  KAFKA_GROUP_ID: z
    .string()
    .min(1)
    .default('invoice-writer')
    .describe('Consumer group of the writer; also the key of its offsets in consumer_offsets'),
  KAFKA_SESSION_TIMEOUT: duration()
    .default('6s')
    .describe(
      "How long the group waits for a silent (killed) member before giving its partitions to another; heartbeats every sixth of it. 6s is a stock broker's least (group.min.session.timeout.ms)",
    ),
  KAFKA_COMMIT_INTERVAL: duration()
    .default('1s')
    .describe('How often offsets already durable in PostgreSQL are also committed to Kafka'),
  CONSOLIDATION_AT: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM')
    .default('01:00')
    .describe('UTC time of day the consolidation job invoices the periods that have ended'),
  OVERDUE_INTERVAL: duration()
    .default('1h')
    .describe('How often issued invoices past their due date are turned OVERDUE'),
  PAYMENT_TERMS_DAYS: int({ min: 0, max: 365 })
    .default(30)
    .describe('Days from issue to due date of a consolidated invoice'),
  OUTBOX_INTERVAL: duration()
    .default('500ms')
    .describe('How often the outbox relay publishes pending invoice events'),
  DATABASE_POOL_SIZE: int({ min: 1, max: 100 })
    .default(10)
    .describe('Connections in the PostgreSQL pool'),
});

export type WriterConfig = LoadedConfig<typeof writerConfigSchema>;

export function loadWriterConfig(): WriterConfig {
  return loadConfigOrExit(writerConfigSchema);
}
