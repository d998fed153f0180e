import {
  commonConfig,
  csv,
  defineConfig,
  duration,
  int,
  type LoadedConfig,
  loadConfigOrExit,
} from '@overfly/config';
import { z } from 'zod';

/** The batch worker's settings (src/batch/worker-main.ts); the README's "Batch jobs" lists them. */
export const workerConfigSchema = defineConfig({
  ...commonConfig,
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case SQL identifier')
    .default('api')
    .describe("PostgreSQL schema of the api's read models and batch jobs (the api's own)"),
  DATABASE_POOL_SIZE: int({ min: 2, max: 100 }).default(4).describe('Connections in the pool'),
  BATCH_GROUP_ID: z
    .string()
    .min(1)
    .default('api-batch-workers')
    .describe('Consumer group of the workers on batch.commands (workers share its partitions)'),
  BATCH_WORKER_ID: z
    .string()
    .min(1)
    .optional()
    .describe('Name of this worker in the jobs it runs (default: host and process id)'),
  BATCH_LEASE: duration()
    .default('30s')
    .describe(
      "How long a job stays this worker's without a word from it: a killed worker's job is taken over after it",
    ),
  BATCH_POLL: duration().default('2s').describe('How often an idle worker looks for waiting jobs'),
  BATCH_TARIFF_DIRS: csv()
    .default('')
    .describe(
      'Tariff folders (as fee-calculator TARIFF_DIR takes) a reprice may name by version, beside the shipped one; give the api the same',
    ),
  FIR_GEOJSON: z
    .string()
    .min(1)
    .optional()
    .describe(
      "FIR boundaries GeoJSON reprocess and import jobs compute crossings with (the bundled VATSpy copy when unset); give it the fir-analyser's",
    ),
  FIR_EXCLUDE: csv()
    .optional()
    .describe("FIR ids left out of that layer, replacing the default list; the fir-analyser's"),
  FLIGHT_GAP: duration()
    .default('10m')
    .describe(
      "A gap longer than this ends a flight when crossings are computed; the fir-analyser's",
    ),
});

export type WorkerConfig = LoadedConfig<typeof workerConfigSchema>;

export const loadWorkerConfig = (): WorkerConfig => loadConfigOrExit(workerConfigSchema);
