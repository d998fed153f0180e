import {
  openTrajectory,
  type RowRejection,
  type TrajectoryFile,
  type TrajectoryFormat,
} from '@overfly/trajectories';
import { type Clock, systemClock } from '../publish/pacer.js';
import { createPositionPublisher, type PublishOptions } from '../publish/publisher.js';
import { emptyStats, noCounters, type ReplayCounters, type ReplayStats } from './counters.js';
import type { ReplaySink } from './sink.js';

export interface ReplayOptions extends PublishOptions {
  files: readonly string[];
  /** Positions earlier than a file's first time + this are skipped (first pass only). */
  startOffsetMs: number;
  /** Plays the files again and again, times shifted so they keep increasing. */
  loop: boolean;
  format?: TrajectoryFormat;
  /** The readers' per-aircraft time tolerance; null turns the check off. */
  /** time: each file's rows in time order (sorted in bounded memory); file: as stored. */
  order: 'time' | 'file';
  /** With order file: the readers' per-aircraft time tolerance; null turns the check off. */
  maxBackwardsMs: number | null;
  /** At the end (not looping): 'tombstone' removes every aircraft from flights.state. */
  atEnd: 'keep' | 'tombstone';
}

export interface ReplayDeps {
  sink: ReplaySink;
  clock?: Clock;
  counters?: ReplayCounters;
  signal?: AbortSignal;
}

// Between two passes of a loop: the next pass starts this long after the last position.
const LOOP_GAP_MS = 1_000;

/**
 * Plays trajectory files into flights.updates and flights.state. Returns its counts when
 * the files are done (or `signal` aborts); throws a file's TrajectoryError before it
 * publishes anything of that file.
 */
export async function runReplay(
  options: ReplayOptions,
  deps: ReplayDeps,
  stats: ReplayStats = emptyStats(),
): Promise<ReplayStats> {
  const clock = deps.clock ?? systemClock;
  const counters = deps.counters ?? noCounters;
  const { sink, signal } = deps;
  // Opened up front: an unknown format or a missing file fails before anything is sent.
  const files: TrajectoryFile[] = [];
  for (const path of options.files) {
    files.push(
      await openTrajectory(path, {
        format: options.format,
        order: options.order,
        maxBackwardsMs: options.maxBackwardsMs,
      }),
    );
  }
  const publisher = createPositionPublisher(options, {
    sink,
    clock,
    counters,
    stats,
    ...(signal ? { signal } : {}),
  });

  const reject = (file: TrajectoryFile, row: RowRejection) => {
    stats.invalid += 1;
    stats.invalidByReason[row.reason] = (stats.invalidByReason[row.reason] ?? 0) + 1;
    counters.invalid(row.reason);
    publisher.alongside(sink.deadLetter(file, row));
  };

  let shift = 0;
  for (let pass = 0; !signal?.aborted; pass += 1) {
    let passMin = Number.POSITIVE_INFINITY;
    let passMax = Number.NEGATIVE_INFINITY;
    for (const file of files) {
      publisher.resetPacing();
      let fileStart: number | undefined;
      for await (const row of file.rows()) {
        if (signal?.aborted) break;
        stats.rowsRead += 1;
        if (!row.ok) {
          reject(file, row);
          continue;
        }
        const position = row.position;
        const time = position.positionTime;
        fileStart ??= time;
        if (pass === 0 && time < fileStart + options.startOffsetMs) {
          stats.skipped += 1;
          counters.skipped(1);
          continue;
        }
        passMin = Math.min(passMin, time);
        passMax = Math.max(passMax, time);
        // Each row is a fresh record of ours: a later pass moves its times on in place.
        position.positionTime += shift;
        position.lastContact += shift;
        // receivedAt is stamped by the publisher when the position is due.
        await publisher.publish(position);
      }
    }
    stats.passes = pass + 1;
    // Nothing played (all rows invalid or skipped): looping would spin for nothing.
    if (!options.loop || passMax < passMin) break;
    shift += passMax - passMin + LOOP_GAP_MS;
  }

  await publisher.finish(options.atEnd);
  return stats;
}
