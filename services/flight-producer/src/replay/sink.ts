import type { KafkaRuntime } from '@overfly/kafka';
import type { RowRejection, TrajectoryFormat } from '@overfly/trajectories';
import { kafkaPositionSink, type PositionSink } from '../publish/sink.js';

/** Where a replay writes: positions and states, plus the dead letters of bad rows. */
export interface ReplaySink extends PositionSink {
  deadLetter(file: { path: string; format: TrajectoryFormat }, row: RowRejection): Promise<void>;
}

export function kafkaSink(runtime: KafkaRuntime): ReplaySink {
  return {
    ...kafkaPositionSink(runtime),
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
