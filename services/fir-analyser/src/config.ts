import {
  commonConfig,
  defineConfig,
  duration,
  type LoadedConfig,
  loadConfigOrExit,
} from '@overfly/config';
import { z } from 'zod';

export const analyserConfigSchema = defineConfig({
  ...commonConfig,
  FIR_GEOJSON: z
    .string()
    .min(1)
    .optional()
    .describe(
      'FIR boundaries GeoJSON (.geojson or .geojson.gz); the bundled VATSpy copy when unset',
    ),
  FIR_EXCLUDE: z
    .string()
    .optional()
    .describe(
      'Comma-separated FIR ids to leave out of the charging layer, replacing the default list',
    ),
  KAFKA_GROUP_ID: z
    .string()
    .min(1)
    .default('fir-analyser')
    .describe('Consumer group of the analyser'),
  KAFKA_SESSION_TIMEOUT: duration()
    .default('30s')
    .describe(
      'How long the group waits for a silent member before giving its partitions to another',
    ),
  CHECKPOINT_INTERVAL: duration()
    .default('5s')
    .describe(
      'How often per-aircraft state is checkpointed to fir-analyser.state and offsets committed',
    ),
  LATENESS: duration()
    .default('5s')
    .describe('How late (event time) a position may arrive and still be reordered'),
  FLIGHT_GAP: duration().default('10m').describe('A gap longer than this ends a flight'),
  RESTORE_TIMEOUT: duration()
    .default('120s')
    .describe('How long restoring state from fir-analyser.state may take'),
});

export type AnalyserConfig = LoadedConfig<typeof analyserConfigSchema>;

export function loadAnalyserConfig(): AnalyserConfig {
  return loadConfigOrExit(analyserConfigSchema);
}
