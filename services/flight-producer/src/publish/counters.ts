import type { Metrics } from '@overfly/observability';
import type { PositionSource } from '@overfly/schemas';

/** What publishing counts; replay and simulate stats extend it. */
export interface PublishStats {
  published: number;
  states: number;
  tombstones: number;
}

/** Prometheus hooks, called per batch, not per position. */
export interface PublishCounters {
  published(count: number): void;
  states(kind: 'state' | 'tombstone', count: number): void;
}

export const noPublishCounters: PublishCounters = { published: () => {}, states: () => {} };

/** `overfly_positions_published_total{source}` and `overfly_state_records_total{kind}`. */
export function publishCounters(metrics: Metrics, source: PositionSource): PublishCounters {
  const positions = metrics.counter(
    'overfly_positions_published_total',
    'Positions published to flights.updates',
    ['source'],
  );
  const states = metrics.counter(
    'overfly_state_records_total',
    'Records written to flights.state',
    ['kind'],
  );
  return {
    published: (count) => positions.inc({ source }, count),
    states: (kind, count) => states.inc({ kind }, count),
  };
}
