import type { OutgoingRecord } from '@overfly/kafka';
import type { FirCrossing, FlightEvent } from '@overfly/schemas';
import type { CrossingRecord, EngineOutput, FlightEventRecord } from '@overfly/tracking';

/**
 * Header on every output naming the Kafka timestamp of the position that produced it:
 * end-to-end latency (position in → crossing out) is measured from it.
 */
export const SOURCE_TIMESTAMP_HEADER = 'overfly.source-timestamp';

/**
 * Collects what the engine emits while a batch is ingested, as records for
 * fir.crossings and flight.events keyed by icao24 (so one aircraft's records stay in
 * order on one partition). `producedAt` is the only wall-clock value in them.
 */
export class OutputCollector implements EngineOutput {
  crossings: OutgoingRecord<FirCrossing>[] = [];
  events: OutgoingRecord<FlightEvent>[] = [];
  rejectedCount = 0;
  /** Kafka timestamp of the position being ingested. */
  sourceTimestamp = 0;
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  crossing(c: CrossingRecord): void {
    this.crossings.push({
      key: c.icao24,
      value: { ...c, producedAt: this.#now() },
      headers: { [SOURCE_TIMESTAMP_HEADER]: String(this.sourceTimestamp) },
    });
  }

  event(e: FlightEventRecord): void {
    this.events.push({
      key: e.icao24,
      value: { ...e, producedAt: this.#now() },
      headers: { [SOURCE_TIMESTAMP_HEADER]: String(this.sourceTimestamp) },
    });
  }

  rejected(): void {
    this.rejectedCount++;
  }

  drain(): {
    crossings: OutgoingRecord<FirCrossing>[];
    events: OutgoingRecord<FlightEvent>[];
    rejected: number;
  } {
    const drained = {
      crossings: this.crossings,
      events: this.events,
      rejected: this.rejectedCount,
    };
    this.crossings = [];
    this.events = [];
    this.rejectedCount = 0;
    return drained;
  }
}
