import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type CompileOptions, compileScenario, type Scenario } from './compile.js';
import { ScenarioError } from './errors.js';
import { compileNetworkScenario } from './network/compile.js';
import { toSimulationDocument } from './network/views.js';
import { parseScenario } from './parse.js';
import type { ScenarioDocument } from './schema.js';

/** data/scenarios/ at the repository root: the built-in scenarios, one `<name>.json` each. */
export const BUILT_IN_DIR = fileURLToPath(new URL('../../../data/scenarios/', import.meta.url));

/** Names of the built-in scenarios, sorted. */
export function builtInScenarios(): string[] {
  return readdirSync(BUILT_IN_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

/** A built-in name (`a319-north`) or a path to a JSON file → the path to read. */
export function resolveScenarioPath(nameOrPath: string): string {
  if (/^[a-z0-9][a-z0-9-]*$/.test(nameOrPath)) {
    const builtIn = `${BUILT_IN_DIR}${nameOrPath}.json`;
    if (existsSync(builtIn)) return builtIn;
  }
  if (existsSync(nameOrPath) && statSync(nameOrPath).isFile()) return nameOrPath;
  throw new ScenarioError(
    'SCENARIOS_NOT_FOUND',
    `"${nameOrPath}"; built-in scenarios: ${builtInScenarios().join(', ')}`,
  );
}

/** Reads and checks a scenario document (shape only; see compileScenario for the rest). */
export function loadScenarioDocument(nameOrPath: string): {
  document: ScenarioDocument;
  path: string;
} {
  const path = resolveScenarioPath(nameOrPath);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new ScenarioError('SCENARIOS_UNREADABLE', `${path}: ${(cause as Error).message}`, {
      cause,
    });
  }
  return { document: parseScenario(json, path), path };
}

/**
 * A built-in name or a file path → a scenario ready to run. A network scenario
 * (`"kind": "network"`, src/network) is compiled into its day first and flies every leg
 * of it, so flight-producer's simulate mode and ops-feed's mock mode tell one story when
 * given the same scenario, start and seed.
 */
export function loadScenario(nameOrPath: string, options: CompileOptions = {}): Scenario {
  const path = resolveScenarioPath(nameOrPath);
  if (isNetworkDocument(path)) {
    const day = compileNetworkScenario(path, {
      ...(options.start === undefined ? {} : { start: options.start }),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    });
    const document = parseScenario(toSimulationDocument(day), path);
    const duration = options.durationMs === undefined ? {} : { durationMs: options.durationMs };
    return compileScenario(document, duration, day.name);
  }
  const { document } = loadScenarioDocument(path);
  return compileScenario(document, options, document.name ?? path);
}

function isNetworkDocument(path: string): boolean {
  try {
    const json: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return (
      typeof json === 'object' && json !== null && (json as { kind?: unknown }).kind === 'network'
    );
  } catch {
    return false; // loadScenarioDocument reports it
  }
}
