/**
 * What the runtime tells a service's metrics as it works: each handled batch (messages,
 * handling time, lag from the broker's high watermark, the newest record's age), the lag
 * sampled from the broker between batches, each dead letter and each send. packages/kafka knows no metrics library: service-kit turns these
 * calls into Prometheus series (packages/service-kit/src/kafka-metrics.ts). Calls are
 * synchronous and must be cheap; one that throws is ignored, never Kafka work's failure.
 * Topics are catalogue names (the prefix taken off).
 */
export interface KafkaInstruments {
  /** A fetched batch of one partition whose handling finished (not one left by a rebalance). */
  batchHandled(batch: HandledBatch): void;
  /** The group's partitions after a (re)assignment: the only ones whose lag is still ours. */
  assigned(groupId: string, partitions: ReadonlyMap<string, readonly number[]>): void;
  /**
   * A partition's lag measured from the broker's offsets (its high watermark minus this
   * member's position), every few seconds whether or not batches come: a consumer stuck
   * or cut off shows its lag grow. Only for partitions of the group's current assignment.
   */
  lagSampled(groupId: string, topic: string, partition: number, lag: number): void;
  deadLettered(topic: string, code: string): void;
  /** Records written to a topic by one send, acknowledged by the broker. */
  produced(topic: string, records: number): void;
}

export interface HandledBatch {
  groupId: string;
  topic: string;
  partition: number;
  messages: number;
  /** Wall time from the batch's start to its end, seconds. */
  seconds: number;
  /** The broker's high watermark minus the offset after the batch: what is left to read. */
  lag: number;
  /** Timestamp (epoch ms) of the batch's last record. */
  newestTimestamp: number;
}

export const NO_INSTRUMENTS: KafkaInstruments = {
  batchHandled() {},
  assigned() {},
  lagSampled() {},
  deadLettered() {},
  produced() {},
};

/** Calls `report` on the instruments, keeping a faulty one out of the Kafka work. */
export function safely(report: () => void): void {
  try {
    report();
  } catch {
    // A metric must never fail a batch or a send.
  }
}

/** The catalogue name of a physical topic. */
export const logicalTopic = (physical: string, prefix: string): string =>
  prefix && physical.startsWith(prefix) ? physical.slice(prefix.length) : physical;
