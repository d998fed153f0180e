import type { Metrics } from '@overfly/observability';
import type { RowReason } from '@overfly/trajectories';
import { type PublishCounters, type PublishStats, publishCounters } from '../publish/counters.js';

/** What a replay counts; the same numbers feed the progress log, the CLI and Prometheus. */
export interface ReplayStats extends PublishStats {
  rowsRead: number;
  invalid: number;
  /** Before REPLAY_START_OFFSET. */
  skipped: number;
  /** Completed passes over the file list (REPLAY_LOOP). */
  passes: number;
  invalidByReason: Partial<Record<RowReason, number>>;
}

export function emptyStats(): ReplayStats {
  return {
    rowsRead: 0,
    published: 0,
    invalid: 0,
    skipped: 0,
    states: 0,
    tombstones: 0,
    passes: 0,
    invalidByReason: {},
  };
}

export interface ReplayCounters extends PublishCounters {
  invalid(reason: RowReason): void;
  skipped(count: number): void;
}

export const noCounters: ReplayCounters = {
  invalid: () => {},
  published: () => {},
  states: () => {},
  skipped: () => {},
};

/** Prometheus counters; the hot loop calls them per batch, not per row. */
export function replayCounters(metrics: Metrics): ReplayCounters {
  const rows = metrics.counter('overfly_replay_rows_total', 'Replay file rows by outcome', [
    'outcome',
    'reason',
  ]);
  const publish = publishCounters(metrics, 'REPLAY');
  return {
    invalid: (reason) => rows.inc({ outcome: 'invalid', reason }),
    published: (count) => {
      rows.inc({ outcome: 'published', reason: '' }, count);
      publish.published(count);
    },
    states: publish.states,
    skipped: (count) => rows.inc({ outcome: 'skipped', reason: '' }, count),
  };
}
