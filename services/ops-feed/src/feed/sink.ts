import type { KafkaRuntime, OutgoingRecord } from '@overfly/kafka';
import type { TopicValue } from '@overfly/schemas';

export type FeedTopic = 'external.weather' | 'flight.schedules' | 'passenger.manifests';

/** Where ops-feed publishes: Kafka in the service, arrays in unit tests. */
export interface FeedSink {
  send<T extends FeedTopic>(
    topic: T,
    records: ReadonlyArray<OutgoingRecord<TopicValue[T]>>,
  ): Promise<void>;
}

export function kafkaFeedSink(runtime: KafkaRuntime): FeedSink {
  return {
    async send(topic, records) {
      if (records.length === 0) return;
      await (await runtime.producer()).send(topic, records);
    },
  };
}
