import type { KafkaRuntime, OutgoingRecord } from '@overfly/kafka';
import type { AircraftState, PositionUpdate } from '@overfly/schemas';

/** Where positions and states go: Kafka in production, arrays in unit tests. */
export interface PositionSink {
  sendUpdates(records: ReadonlyArray<OutgoingRecord<PositionUpdate>>): Promise<void>;
  /** States and tombstones (`value: null`), keyed icao24. */
  sendStates(records: ReadonlyArray<OutgoingRecord<AircraftState>>): Promise<void>;
}

/**
 * Kafka records carry no timestamp of ours: the broker's append time applies. A replayed
 * position's own time can be years old, and retention would delete it at once.
 */
export function kafkaPositionSink(runtime: KafkaRuntime): PositionSink {
  return {
    async sendUpdates(records) {
      await (await runtime.producer()).send('flights.updates', records);
    },
    async sendStates(records) {
      await (await runtime.producer()).send('flights.state', records);
    },
  };
}
