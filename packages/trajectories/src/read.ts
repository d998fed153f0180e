import { resolve } from 'node:path';
import type { PositionSource } from '@overfly/schemas';
import { detectFormat } from './detect.js';
import { type ParsedRow, readerFor } from './formats/index.js';
import { assertReadableFile } from './source.js';
import { inTimeOrder } from './time-order.js';
import type { RowResult, TrajectoryFormat } from './types.js';
import { DEFAULT_MAX_BACKWARDS_MS, timeOrderCheck } from './validate.js';

export interface ReadOptions {
  /** Skips detection (the `--format` override). */
  format?: TrajectoryFormat | undefined;
  /**
   * How far back in time a position may go for its aircraft before it is rejected
   * (TIME_NOT_MONOTONIC); default 60 s; `null` turns the check off.
   */
  maxBackwardsMs?: number | null | undefined;
  /**
   * The `source` of every position read (default REPLAY: a file is a recording, so what
   * it holds is never billed as live, whatever the file itself says).
   */
  source?: PositionSource | undefined;
  /** The clock that stamps each position's `receivedAt` as it is read (default Date.now). */
  now?: (() => number) | undefined;
  /**
   * `file` (default): rows as the file keeps them, each aircraft's time checked against
   * maxBackwardsMs. `time`: the accepted rows in time order whatever the file's order (an
   * external sort in bounded memory; rejected rows first), so a recording kept flight by
   * flight is analysed as it was flown; no time-order check then.
   */
  order?: 'file' | 'time' | undefined;
}

export interface TrajectoryFile {
  /** Absolute path. */
  path: string;
  format: TrajectoryFormat;
  /** Streams every row once, in file order; each call reads the file again. */
  rows(): AsyncGenerator<RowResult>;
}

/**
 * Opens a trajectory file: checks it exists and settles its format (throwing
 * TRAJECTORIES_FILE_NOT_FOUND / TRAJECTORIES_UNKNOWN_FORMAT before any row), then streams
 * rows on demand, each accepted one as a flights.updates record (PositionUpdate).
 */
export async function openTrajectory(
  path: string,
  options: ReadOptions = {},
): Promise<TrajectoryFile> {
  const absolute = resolve(path);
  await assertReadableFile(absolute);
  const format = options.format ?? (await detectFormat(absolute));
  const maxBackwardsMs =
    options.maxBackwardsMs === undefined ? DEFAULT_MAX_BACKWARDS_MS : options.maxBackwardsMs;
  const stamp = { source: options.source ?? 'REPLAY', now: options.now ?? Date.now };
  return {
    path: absolute,
    format,
    rows() {
      const parsed = readerFor(format)(absolute, stamp);
      if (options.order === 'time') return inTimeOrder(results(parsed));
      return checkedInFileOrder(parsed, timeOrderCheck(maxBackwardsMs));
    },
  };
}

async function* results(parsed: AsyncIterable<ParsedRow>): AsyncGenerator<RowResult> {
  for await (const { result } of parsed) yield result;
}

async function* checkedInFileOrder(
  parsed: AsyncIterable<ParsedRow>,
  checkOrder: ReturnType<typeof timeOrderCheck>,
): AsyncGenerator<RowResult> {
  for await (const { result, raw } of parsed) yield checkOrder(result, raw);
}

/** Shorthand: `for await (const row of readTrajectory(path)) …`. */
export async function* readTrajectory(
  path: string,
  options: ReadOptions = {},
): AsyncGenerator<RowResult> {
  const file = await openTrajectory(path, options);
  yield* file.rows();
}
