import { resolve } from 'node:path';
import type { PositionSource } from '@overfly/schemas';
import { detectFormat } from './detect.js';
import { readerFor } from './formats/index.js';
import { assertReadableFile } from './source.js';
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
    async *rows() {
      const checkOrder = timeOrderCheck(maxBackwardsMs);
      for await (const { result, raw } of readerFor(format)(absolute, stamp)) {
        yield checkOrder(result, raw);
      }
    },
  };
}

/** Shorthand: `for await (const row of readTrajectory(path)) …`. */
export async function* readTrajectory(
  path: string,
  options: ReadOptions = {},
): AsyncGenerator<RowResult> {
  const file = await openTrajectory(path, options);
  yield* file.rows();
}
