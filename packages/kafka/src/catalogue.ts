import { topicCatalogue } from '@overfly/schemas';
import type { TopicSpec } from './topics.js';

/** The catalogue (schemas/topics.json) as the settings `ensureTopics` applies. */
export function topicSpecs(): TopicSpec[] {
  return topicCatalogue.map((t) => ({
    name: t.name,
    partitions: t.partitions,
    replicationFactor: t.replicationFactor,
    cleanupPolicy: t.cleanupPolicy,
    retentionMs: t.retentionMs,
    ...(t.minInSyncReplicas === undefined ? {} : { minInSyncReplicas: t.minInSyncReplicas }),
  }));
}
