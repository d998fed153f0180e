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
import { DURATION_FORMAT, parseDuration } from '@overfly/config';
import { createSimulation, loadScenario, ScenarioError } from '@overfly/scenarios';
import { toJsonlLine } from '@overfly/trajectories';

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

export function parseSimulateArgs(argv: readonly string[], now = Date.now()): SimulateArgs {
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
  return {
    scenario,
    out: values.out ?? null,
    start: values.start === undefined ? undefined : startOf(values.start, now),
    seed: values.seed === undefined ? undefined : seedOf(values.seed),
    durationMs: values.duration === undefined ? undefined : durationOf(values.duration),
    registryOut: values['registry-out'] ?? null,
  };
}

function startOf(text: string, now: number): number {
  if (text === 'now') return now;
  const ms = Date.parse(text);
  if (!/(Z|[+-]\d{2}:\d{2})$/i.test(text) || !Number.isFinite(ms))
    throw new UsageError('--start: expected an ISO 8601 time with its zone, or now');
  return ms;
}

function seedOf(text: string): number {
  const seed = Number(text);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff)
    throw new UsageError('--seed: expected a whole number 0–4294967295');
  return seed;
}

function durationOf(text: string): number {
  const ms = parseDuration(text);
  if (ms === null || ms <= 0)
    throw new UsageError(`--duration: expected ${DURATION_FORMAT} and more than 0s, got "${text}"`);
  return ms;
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
    const scenario = loadScenario(args.scenario, {
      ...(args.start === undefined ? {} : { start: args.start }),
      ...(args.seed === undefined ? {} : { seed: args.seed }),
      ...(args.durationMs === undefined ? {} : { durationMs: args.durationMs }),
    });
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
