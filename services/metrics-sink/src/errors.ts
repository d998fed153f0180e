import { defineErrors } from '@overfly/errors';

// What metrics-sink refuses of a snapshot; the consumer loop dead-letters it with the code.
// README.md lists every code; errors.test.ts keeps the two in sync.
export const metricsSinkErrors = defineErrors('METRICS_SINK', {
  SNAPSHOT_INVALID: {
    message:
      'A snapshot without a service or instance name, or whose takenAt is not a time: it cannot be stored under a key',
    retriable: false,
  },
  SNAPSHOT_IN_FUTURE: {
    message:
      'A snapshot taken further ahead of this clock than the partitions created ahead (METRICS_PARTITION_LEAD_DAYS): a clock that far off is not stored',
    retriable: false,
  },
});
