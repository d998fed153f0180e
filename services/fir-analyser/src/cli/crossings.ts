/**
 * pnpm overfly crossings <trajectory file...> [--firs file.geojson] [--exclude ID,ID]
 *                        [--format F] [--all] [--events]
 *
 * The FIR crossings of recorded trajectories, as JSON lines on stdout: the same engine
 * as the fir-analyser service, on the files' rows put in time order (whatever order a
 * file keeps them in), flushed at the end (so every flight is FINAL). It reads the
 * service's variables (FIR_GEOJSON, FIR_EXCLUDE, LATENESS, FLIGHT_GAP) through the same fields; --firs and --exclude override the first two.
 * --all prints every record as the service would emit it (PROVISIONAL too); --events adds
 * the flight events. Rejected rows and a summary go to stderr. Exit 2 on a usage error.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadToolConfig } from '@overfly/config';
import { defaultAirports } from '@overfly/geo';
import { type CrossingRecord, crossingsOf } from '@overfly/tracking';
import {
  openTrajectory,
  parseFormat,
  positionsInTimeOrder,
  type TrajectoryFile,
} from '@overfly/trajectories';
import { engineConfigSchema, firLayerOf, trackConfigOf } from '../config.js';

const usage =
  'usage: pnpm overfly crossings <trajectory file...> [--firs file.geojson] [--exclude ID,ID] [--format F] [--all] [--events]';

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    console.error(`crossings: ${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  const { positionals, values } = parsed;
  if (values.help || positionals.length === 0) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  let config: ReturnType<typeof loadToolConfig<typeof engineConfigSchema>>;
  try {
    config = loadToolConfig(engineConfigSchema, {
      FIR_GEOJSON: { flag: '--firs', value: values.firs },
      FIR_EXCLUDE: { flag: '--exclude', value: values.exclude },
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`crossings: ${error.message}\n${usage}`);
    return 2;
  }
  try {
    const layer = firLayerOf(config);
    const format = values.format === undefined ? undefined : parseFormat(values.format);
    const airports = defaultAirports();
    const files: TrajectoryFile[] = [];
    // The order check is off: every row is put in time order below, whatever the file's.
    for (const path of positionals)
      files.push(await openTrajectory(path, { format, maxBackwardsMs: null }));

    let invalid = 0;
    const positions = positionsInTimeOrder(files, (path, row) => {
      invalid++;
      console.error(`${path}:${row.line}: ${row.reason}: ${row.message}`);
    });

    const latest = new Map<string, CrossingRecord>();
    let printed = 0;
    const write = (record: object) => {
      printed++;
      process.stdout.write(`${JSON.stringify(record)}\n`);
    };
    const { rows, rejected } = await crossingsOf(
      positions,
      { layer, airports },
      {
        crossing: (c) => {
          if (values.all) write(c);
          else latest.set(c.crossingId, c);
        },
        event: (e) => {
          if (values.events) write(e);
        },
      },
      { track: trackConfigOf(config) },
    );
    if (!values.all) for (const c of latest.values()) write(c);
    console.error(
      `${rows} positions, ${invalid} invalid rows, ${rejected} rejected by the engine, ${printed} records printed`,
    );
    return 0;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    console.error(
      `crossings: ${typeof code === 'string' ? `${code}: ` : ''}${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      firs: { type: 'string' },
      exclude: { type: 'string' },
      format: { type: 'string' },
      all: { type: 'boolean', default: false },
      events: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
}
