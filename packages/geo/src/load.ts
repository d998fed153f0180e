import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { GeoError } from './errors.js';
import { loadFirLayer } from './layer.js';
import type { FirLayer, LayerOptions } from './types.js';

/** The repository's data/ folder (this file is packages/geo/src/load.ts). */
export const DATA_DIR = new URL('../../../data/', import.meta.url);

/** Reads a text file, gunzipping it when the name ends in .gz. */
export function readDataFile(path: string | URL): string {
  try {
    const bytes = readFileSync(path);
    return (String(path).endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (cause) {
    throw new GeoError('GEO_FILE_UNREADABLE', String(path), { cause });
  }
}

/** A FIR layer from a .geojson or .geojson.gz file. */
export function loadFirLayerFromFile(path: string, options?: LayerOptions): FirLayer {
  const text = readDataFile(path);
  let geojson: unknown;
  try {
    geojson = JSON.parse(text);
  } catch (cause) {
    throw new GeoError('GEO_FILE_UNREADABLE', `${path} is not JSON`, { cause });
  }
  return loadFirLayer(geojson, options);
}

/** FIR id → name, from data/fir/fir-names.json (derived from VATSpy.dat `[FIRs]`). */
function bundledFirNames(): ReadonlyMap<string, string> {
  const parsed: unknown = JSON.parse(readDataFile(new URL('fir/fir-names.json', DATA_DIR)));
  const names = new Map<string, string>();
  if (typeof parsed === 'object' && parsed !== null) {
    for (const [id, name] of Object.entries(parsed)) {
      if (typeof name === 'string') names.set(id, name);
    }
  }
  return names;
}

let cached: FirLayer | undefined;

/**
 * The bundled VATSpy boundaries (data/fir) as the default charging layer: top-level ids,
 * minus DEFAULT_EXCLUDED_FIRS, smallest area wins. Built once per process.
 */
export function defaultFirLayer(): FirLayer {
  cached ??= bundledFirLayer();
  return cached;
}

/** The bundled boundaries with other layer options (e.g. another exclusion list); not cached. */
export function bundledFirLayer(options: LayerOptions = {}): FirLayer {
  return loadFirLayerFromFile(new URL('fir/vatspy-boundaries.geojson', DATA_DIR).pathname, {
    names: bundledFirNames(),
    ...options,
  });
}

/**
 * The charging layer a service or tool was configured with: the user's FIR file when one is
 * given, else the bundled boundaries; `exclude` replaces the default exclusion list. The
 * one place this choice is made (fir-analyser and `pnpm overfly crossings` both call it).
 */
export function firLayerFor(choice: {
  file?: string | undefined;
  exclude?: readonly string[] | undefined;
}): FirLayer {
  const options: LayerOptions = choice.exclude ? { exclude: [...choice.exclude] } : {};
  if (choice.file) return loadFirLayerFromFile(choice.file, options);
  return choice.exclude ? bundledFirLayer(options) : defaultFirLayer();
}
