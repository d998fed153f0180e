import type { OutgoingRecord } from '@overfly/kafka';
import type { TopicValue } from '@overfly/schemas';
import type { FeedSink, FeedTopic } from '../feed/sink.js';

/** Collects what ops-feed publishes, per topic, for unit tests. */
export function memorySink() {
  const sent: { [T in FeedTopic]: Array<OutgoingRecord<TopicValue[T]>> } = {
    'external.weather': [],
    'flight.schedules': [],
    'passenger.manifests': [],
  };
  const sink: FeedSink = {
    async send(topic, records) {
      (sent[topic] as unknown[]).push(...records);
    },
  };
  return { sink, sent };
}
