import type { KafkaRuntime, OutgoingRecord } from '@overfly/kafka';
import type { AircraftState, PositionUpdate } from '@overfly/schemas';
import type { RowRejection, TrajectoryFormat } from '@overfly/trajectories';

/** Where a replay writes: Kafka in production, an array in unit tests. */
export interface ReplaySink {
  sendUpdates(records: ReadonlyArray<OutgoingRecord<PositionUpdate>>): Promise<void>;
  /** States and tombstones (`value: null`), keyed icao24. */
  sendStates(records: ReadonlyArray<OutgoingRecord<AircraftState>>): Promise<void>;
  deadLetter(file: { path: string; format: TrajectoryFormat }, row: RowRejection): Promise<void>;
}

/**
 * Kafka records carry no timestamp of ours: the broker's append time applies. A replayed
 * position's own time can be years old, and retention would delete it at once.
 */
export function kafkaSink(runtime: KafkaRuntime): ReplaySink {
  return {
    async sendUpdates(records) {
      await (await runtime.producer()).send('flights.updates', records);
    },
    async sendStates(records) {
      await (await runtime.producer()).send('flights.state', records);
    },
    deadLetter(file, row) {
      return runtime.sendDeadLetter(
        {
          topic: `file:${file.path}`,
          partition: 0,
          offset: String(row.line),
          key: null,
          value: Buffer.from(row.raw, 'utf8'),
          headers: { 'overfly.replay.format': file.format },
        },
        { code: row.reason, message: row.message, retriable: false, attempts: 1 },
      );
    },
  };
}
