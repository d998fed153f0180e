import {
  commonConfig,
  csv,
  defineConfig,
  duration,
  type LoadedConfig,
  loadConfigOrExit,
} from '@overfly/config';
import { type FirLayer, firLayerFor } from '@overfly/geo';
import type { TrackConfig } from '@overfly/tracking';
import { z } from 'zod';

/**
 * The variables that shape the track engine and its FIR layer: read by the service and,
 * through the same fields, by `pnpm overfly crossings` (whose flags override them).
 */
export const engineConfig = {
  FIR_GEOJSON: z
    .string()
    .min(1)
    .optional()
    .describe(
      'FIR boundaries GeoJSON (.geojson or .geojson.gz); the bundled VATSpy copy when unset',
    ),
  FIR_EXCLUDE: csv()
    .optional()
    .describe(
      'Comma-separated FIR ids to leave out of the charging layer, replacing the default list',
    ),
  LATENESS: duration()
    .default('5s')
    .describe('How late (event time) a position may arrive and still be reordered'),
  FLIGHT_GAP: duration().default('10m').describe('A gap longer than this ends a flight'),
};

export const engineConfigSchema = defineConfig(engineConfig);
export type EngineConfig = LoadedConfig<typeof engineConfigSchema>;

/** The FIR layer the variables choose (packages/geo decides what each choice means). */
export function firLayerOf(config: EngineConfig): FirLayer {
  return firLayerFor({ file: config.FIR_GEOJSON, exclude: config.FIR_EXCLUDE });
}

/** The engine thresholds the variables set; the rest are the engine's defaults. */
export function trackConfigOf(config: EngineConfig): Partial<TrackConfig> {
  return { latenessMs: config.LATENESS, gapMs: config.FLIGHT_GAP };
}

export const analyserConfigSchema = defineConfig({
  ...commonConfig,
  ...engineConfig,
  KAFKA_GROUP_ID: z
    .string()
    .min(1)
    .default('fir-analyser')
    .describe('Consumer group of the analyser'),
  KAFKA_SESSION_TIMEOUT: duration()
    .default('6s')
    .describe(
      "How long the group waits for a silent (killed) member before giving its partitions to another; heartbeats every sixth of it. 6s is a stock broker's least (group.min.session.timeout.ms)",
    ),
  CHECKPOINT_INTERVAL: duration()
    .default('5s')
    .describe(
      'How often per-aircraft state is checkpointed to fir-analyser.state and offsets committed',
    ),
  RESTORE_TIMEOUT: duration()
    .default('120s')
    .describe('How long restoring state from fir-analyser.state may take'),
});

export type AnalyserConfig = LoadedConfig<typeof analyserConfigSchema>;

export function loadAnalyserConfig(): AnalyserConfig {
  return loadConfigOrExit(analyserConfigSchema);
}
