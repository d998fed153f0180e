import type { OutgoingRecord } from '@overfly/kafka';
import type { AircraftState, PositionUpdate } from '@overfly/schemas';
import {
  openTrajectory,
  type RowRejection,
  type TrajectoryFile,
  type TrajectoryFormat,
  toPositionUpdate,
} from '@overfly/trajectories';

import { createStateTracker } from '../state/state-tracker.js';
import { emptyStats, noCounters, type ReplayCounters, type ReplayStats } from './counters.js';
import { type Clock, createPacer, type ReplaySpeed, systemClock } from './pacer.js';
import type { ReplaySink } from './sink.js';

export interface ReplayOptions {
  files: readonly string[];
  speed: ReplaySpeed;
  /** Positions earlier than a file's first time + this are skipped (first pass only). */
  startOffsetMs: number;
  /** Plays the files again and again, times shifted so they keep increasing. */
  loop: boolean;
  maxGapMs: number | null;
  /** Positions per send (at max speed, sends are full batches). */
  batchSize: number;
  format?: TrajectoryFormat;
  /** The readers' per-aircraft time tolerance; null turns the check off. */
  maxBackwardsMs: number | null;
  stateThrottleMs: number;
  /**
   * The same limit in wall-clock time (default: stateThrottleMs): at 1000x a fix every
   * 5 s of event time would otherwise be a state every 5 ms of real time.
   */
  stateWallThrottleMs?: number;
  tombstoneAfterMs: number;
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
  const pacer = createPacer({ speed: options.speed, maxGapMs: options.maxGapMs });
  const tracker = createStateTracker({
    throttleMs: options.stateThrottleMs,
    wallThrottleMs: options.stateWallThrottleMs ?? options.stateThrottleMs,
    tombstoneAfterMs: options.tombstoneAfterMs,
  });
  // Opened up front: an unknown format or a missing file fails before anything is sent.
  const files: TrajectoryFile[] = [];
  for (const path of options.files) {
    files.push(await openTrajectory(path, { ...options, format: options.format }));
  }

  let updates: OutgoingRecord<PositionUpdate>[] = [];
  let states: OutgoingRecord<AircraftState>[] = [];
  let letters: Array<Promise<void>> = [];
  let eventNow = Number.NEGATIVE_INFINITY;

  const flush = async () => {
    const gone = tracker.expire(eventNow);
    for (const icao24 of gone) states.push({ key: icao24, value: null });
    const [u, s, l] = [updates, states, letters];
    updates = [];
    states = [];
    letters = [];
    await sink.sendUpdates(u);
    await sink.sendStates(s);
    await Promise.all(l);
    stats.published += u.length;
    counters.published(u.length);
    const tombstones = gone.length;
    stats.states += s.length - tombstones;
    stats.tombstones += tombstones;
    counters.states('state', s.length - tombstones);
    counters.states('tombstone', tombstones);
  };

  const reject = (file: TrajectoryFile, row: RowRejection) => {
    stats.invalid += 1;
    stats.invalidByReason[row.reason] = (stats.invalidByReason[row.reason] ?? 0) + 1;
    counters.invalid(row.reason);
    letters.push(sink.deadLetter(file, row));
  };

  let shift = 0;
  for (let pass = 0; !signal?.aborted; pass += 1) {
    let passMin = Number.POSITIVE_INFINITY;
    let passMax = Number.NEGATIVE_INFINITY;
    for (const file of files) {
      pacer.reset();
      let fileStart: number | undefined;
      for await (const row of file.rows()) {
        if (signal?.aborted) break;
        stats.rowsRead += 1;
        if (!row.ok) {
          reject(file, row);
          continue;
        }
        const position = row.position;
        fileStart ??= position.t;
        if (pass === 0 && position.t < fileStart + options.startOffsetMs) {
          stats.skipped += 1;
          counters.skipped(1);
          continue;
        }
        passMin = Math.min(passMin, position.t);
        passMax = Math.max(passMax, position.t);
        const t = position.t + shift;
        const delay = pacer.delayFor(t, clock.now());
        if (delay > 0) {
          await flush();
          await clock.sleep(delay, signal);
        }
        const update = toPositionUpdate(position, 'REPLAY', clock.now(), shift);
        updates.push({ key: update.icao24, value: update });
        eventNow = Math.max(eventNow, t);
        const state = tracker.observe(update, clock.now());
        if (state) states.push({ key: state.icao24, value: state });
        if (updates.length >= options.batchSize) await flush();
      }
    }
    stats.passes = pass + 1;
    // Nothing played (all rows invalid or skipped): looping would spin for nothing.
    if (!options.loop || passMax < passMin) break;
    shift += passMax - passMin + LOOP_GAP_MS;
  }

  for (const state of tracker.drainPending(clock.now()))
    states.push({ key: state.icao24, value: state });
  await flush();
  if (options.atEnd === 'tombstone') {
    const all = tracker.clear();
    states.push(...all.map((icao24) => ({ key: icao24, value: null })));
    await sink.sendStates(states);
    stats.tombstones += all.length;
    counters.states('tombstone', all.length);
  }
  return stats;
}
