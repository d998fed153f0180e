/**
 * pnpm overfly simulate <scenario> [--out file.jsonl] [--start ISO|now] [--seed N]
 *                       [--duration 10m] [--registry-out aircraft.csv]
 *
 * Writes a scenario's positions as Overfly JSONL v1 (packages/trajectories), the format
 * flight-producer records and replays and `pnpm overfly crossings` reads; stdout without
 * --out. --registry-out writes the icao24 → type rows of the scenario's aircraft that
 * data/aircraft/registry.csv lacks, for fee-calculator's AIRCRAFT_REGISTRY. A summary goes
 * to stderr. Exit 0 done, 2 bad usage or scenario, 1 anything else. No Kafka involved.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { ConfigError, defineConfig, loadToolConfig } from '@overfly/config';
import { createSimulation, ScenarioError } from '@overfly/scenarios';
import { toJsonlLine } from '@overfly/trajectories';
import { simulateConfig } from '../config.js';
import { scenarioFrom } from '../simulate/mode.js';

export const USAGE =
  'usage: pnpm overfly simulate <scenario name or file> [--out file.jsonl] [--start ISO|now] [--seed N] [--duration 10m] [--registry-out aircraft.csv]';

class UsageError extends Error {}

interface SimulateArgs {
  scenario: string;
  out: string | null;
  start: number | undefined;
  seed: number | undefined;
  durationMs: number | undefined;
  registryOut: string | null;
}

/** The scenario variables of flight-producer's simulate mode, parsed by the same fields. */
const scenarioToolSchema = defineConfig({
  SCENARIO: simulateConfig.SCENARIO,
  SIMULATE_START: simulateConfig.SIMULATE_START,
  SIMULATE_SEED: simulateConfig.SIMULATE_SEED,
  SIMULATE_DURATION: simulateConfig.SIMULATE_DURATION,
});

/**
 * Command-line arguments → what to simulate, through the simulate mode's own variables
 * (SIMULATE_START, SIMULATE_SEED, SIMULATE_DURATION; each flag overrides its variable).
 * Unlike the service, no start means the scenario's own start, so a file is reproducible.
 */
export function parseSimulateArgs(
  argv: readonly string[],
  now = Date.now(),
  env: NodeJS.ProcessEnv = process.env,
): SimulateArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [scenario, ...rest] = positionals;
  if (scenario === undefined) throw new UsageError('no scenario given');
  if (rest.length > 0) throw new UsageError(`one scenario at a time, not ${positionals.length}`);
  let config: ReturnType<typeof loadToolConfig<typeof scenarioToolSchema>>;
  try {
    config = loadToolConfig(
      scenarioToolSchema,
      {
        SCENARIO: { flag: '<scenario>', value: scenario },
        SIMULATE_START: { flag: '--start', value: values.start },
        SIMULATE_SEED: { flag: '--seed', value: values.seed },
        SIMULATE_DURATION: { flag: '--duration', value: values.duration },
      },
      { env },
    );
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  return {
    scenario: config.SCENARIO,
    out: values.out ?? null,
    // SIMULATE_START "now" is null: the time the command runs.
    start: config.SIMULATE_START === undefined ? undefined : (config.SIMULATE_START ?? now),
    seed: config.SIMULATE_SEED,
    durationMs: config.SIMULATE_DURATION,
    registryOut: values['registry-out'] ?? null,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      start: { type: 'string' },
      seed: { type: 'string' },
      duration: { type: 'string' },
      'registry-out': { type: 'string' },
    },
  });
}

/** Writes text to a stream, waiting when its buffer is full. */
async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function close(stream: Writable): Promise<void> {
  if (stream === process.stdout) return;
  stream.end();
  await once(stream, 'finish');
}

export async function main(argv: string[]): Promise<number> {
  let args: SimulateArgs;
  try {
    args = parseSimulateArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return 2;
  }
  try {
    const scenario = scenarioFrom(
      {
        SCENARIO: args.scenario,
        SIMULATE_SEED: args.seed,
        SIMULATE_DURATION: args.durationMs,
      },
      args.start,
    );
    const unregistered = new Map<string, string>();
    const simulation = createSimulation(scenario, {
      onFlight: (flight) => {
        if (!flight.registered) unregistered.set(flight.icao24, flight.type);
      },
    });
    const out: Writable = args.out ? createWriteStream(args.out) : process.stdout;
    const started = performance.now();
    let chunk = '';
    let lines = 0;
    for (const position of simulation.positions()) {
      chunk += toJsonlLine(position);
      if (++lines % 1_000 === 0) {
        await write(out, chunk);
        chunk = '';
      }
    }
    await write(out, chunk);
    await close(out);
    const seconds = (performance.now() - started) / 1000;
    if (args.registryOut) {
      // Quoted as in data/aircraft/registry.csv: the source holds a comma.
      const source = `"synthetic: Overfly scenario ${scenario.name.replaceAll('"', '""')}, seed ${scenario.seed}"`;
      const rows = [...unregistered].map(([icao24, type]) => `${icao24},${type},${source}\n`);
      const registry = createWriteStream(args.registryOut);
      await write(registry, `icao24,type,source\n${rows.join('')}`);
      await close(registry);
    }
    const { positions, flights } = simulation.stats;
    process.stderr.write(
      `${scenario.name}: ${positions} positions, ${flights} flights, from ${new Date(scenario.start).toISOString()} to ${new Date(scenario.end).toISOString()}, in ${seconds.toFixed(1)} s (${Math.round(positions / Math.max(seconds, 0.001))} positions/s)\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ScenarioError) {
      process.stderr.write(`${error.code}: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`simulate failed: ${String(error)}\n`);
    return 1;
  }
}
