import { fileURLToPath } from 'node:url';
import { type AircraftTables, loadAircraftTables } from './aircraft.js';
import { loadTariff, type Tariff } from './tariffs.js';

/** The repository's data/ folder (this file is packages/charges/src/defaults.ts). */
export const DATA_DIR = fileURLToPath(new URL('../../../data/', import.meta.url));

export const DEFAULT_TARIFF_DIR = `${DATA_DIR}tariffs`;

export const DEFAULT_AIRCRAFT_FILES = {
  registries: [`${DATA_DIR}aircraft/registry.csv`],
  psAircraftParams: `${DATA_DIR}aircraft/ps-aircraft-params-20250328.csv`,
  mtowOverrides: [`${DATA_DIR}aircraft/mtow-overrides.csv`],
} as const;

/** The shipped tariff (data/tariffs). */
export function defaultTariff(): Tariff {
  return loadTariff(DEFAULT_TARIFF_DIR);
}

/**
 * The shipped aircraft tables, plus the user's registry and override files (applied after the
 * shipped ones, so theirs win).
 */
export function defaultAircraftTables(
  extra: { registries?: string[]; mtowOverrides?: string[] } = {},
): AircraftTables {
  return loadAircraftTables({
    registries: [...DEFAULT_AIRCRAFT_FILES.registries, ...(extra.registries ?? [])],
    psAircraftParams: DEFAULT_AIRCRAFT_FILES.psAircraftParams,
    mtowOverrides: [...DEFAULT_AIRCRAFT_FILES.mtowOverrides, ...(extra.mtowOverrides ?? [])],
  });
}
