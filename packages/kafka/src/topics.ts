import type { Admin, Kafka } from 'kafkajs';
import { adminCall } from './admin-retry.js';
import { KafkaPackageError } from './errors.js';
import { ConfigResourceTypes } from './kafkajs.js';
import { type LoggerLike, silentLogger } from './logger.js';

export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor: number;
  cleanupPolicy: 'delete' | 'compact';
  /** Production value; clamped to the broker count like the replication factor. */
  minInSyncReplicas?: number;
  /** -1: keep forever. */
  retentionMs: number;
}

export interface TopicMismatch {
  topic: string;
  setting: 'partitions' | 'cleanup.policy';
  expected: string;
  actual: string;
}

export interface EnsureTopicsResult {
  created: string[];
  existing: string[];
  mismatches: TopicMismatch[];
  /** The replication factor actually used, when the cluster has fewer brokers than asked. */
  clampedReplication: number | null;
}

/**
 * Creates the catalogue's missing topics and checks the existing ones. A changed
 * partition count or cleanup policy is never "fixed" silently: adding partitions moves
 * keys to other partitions and breaks per-key order, so it is reported (and, unless told
 * otherwise, refused) for an operator to decide.
 */
export async function ensureTopics(
  kafka: Kafka,
  specs: readonly TopicSpec[],
  options: {
    logger?: LoggerLike;
    onMismatch?: 'throw' | 'report';
    topicPrefix?: string;
    leaderTimeoutMs?: number;
  } = {},
): Promise<EnsureTopicsResult> {
  const log = options.logger ?? silentLogger;
  const prefix = options.topicPrefix ?? '';
  specs = specs.map((s) => ({ ...s, name: prefix + s.name }));
  const admin = kafka.admin();
  await admin.connect();
  try {
    const cluster = await admin.describeCluster();
    const brokers = cluster.brokers.length;
    const existingNames = new Set(await adminCall(() => admin.listTopics()));
    const missing = specs.filter((s) => !existingNames.has(s.name));
    const plan = topicCreationPlan(missing, brokers);
    const clamped = topicCreationPlan(specs, brokers).clampedReplication;

    // The listing can lag a topic another client has just created (the broker's metadata
    // cache trails the controller), so a topic we think is missing may already exist. One
    // create call per topic tells which ones were really created here: kafkajs answers
    // false for TOPIC_ALREADY_EXISTS. Every topic is checked below, whoever created it.
    const created: string[] = [];
    if (missing.length > 0) {
      const outcomes = await Promise.all(
        plan.topics.map((topic) =>
          admin.createTopics({
            // kafkajs' own wait gives up after a few metadata retries, which a busy KRaft
            // broker creating many topics can outlast: wait below with a real deadline.
            waitForLeaders: false,
            topics: [{ ...topic, configEntries: [...topic.configEntries] }],
          }),
        ),
      );
      missing.forEach((s, i) => {
        if (outcomes[i]) created.push(s.name);
      });
      await waitForLeaders(
        admin,
        missing.map((s) => s.name),
        options.leaderTimeoutMs ?? 60_000,
      );
      if (created.length > 0) log.info({ topics: created }, 'created topics');
    }
    const createdSet = new Set(created);
    const existing = specs.filter((s) => !createdSet.has(s.name));

    const mismatches: TopicMismatch[] = [];
    if (existing.length > 0) {
      const metadata = await adminCall(() =>
        admin.fetchTopicMetadata({ topics: existing.map((s) => s.name) }),
      );
      const configs = await adminCall(() =>
        admin.describeConfigs({
          includeSynonyms: false,
          resources: existing.map((s) => ({
            type: ConfigResourceTypes.TOPIC,
            name: s.name,
            configNames: ['cleanup.policy'],
          })),
        }),
      );
      for (const spec of existing) {
        const partitions =
          metadata.topics.find((t) => t.name === spec.name)?.partitions.length ?? 0;
        if (partitions !== spec.partitions) {
          mismatches.push({
            topic: spec.name,
            setting: 'partitions',
            expected: String(spec.partitions),
            actual: String(partitions),
          });
        }
        const policy = configs.resources
          .find((r) => r.resourceName === spec.name)
          ?.configEntries.find((e) => e.configName === 'cleanup.policy')?.configValue;
        if (policy !== undefined && policy !== spec.cleanupPolicy) {
          mismatches.push({
            topic: spec.name,
            setting: 'cleanup.policy',
            expected: spec.cleanupPolicy,
            actual: policy,
          });
        }
      }
    }
    for (const m of mismatches) {
      log.warn(
        { ...m },
        `topic ${m.topic}: ${m.setting} is ${m.actual}, the catalogue says ${m.expected}`,
      );
    }
    if (mismatches.length > 0 && (options.onMismatch ?? 'throw') === 'throw') {
      throw new KafkaPackageError(
        'KAFKA_TOPIC_MISMATCH',
        mismatches
          .map((m) => `${m.topic} ${m.setting} is ${m.actual}, catalogue says ${m.expected}`)
          .join('; '),
      );
    }
    return {
      created,
      existing: existing.map((s) => s.name),
      mismatches,
      clampedReplication: clamped,
    };
  } finally {
    await admin.disconnect();
  }
}

/** Polls metadata until every partition of the topics has a leader, or the deadline passes. */
async function waitForLeaders(
  admin: Admin,
  topics: readonly string[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no metadata yet';
  for (;;) {
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics: [...topics] });
      const leaderless = meta.filter(
        (t) => t.partitions.length === 0 || t.partitions.some((p) => p.leader < 0),
      );
      if (leaderless.length === 0 && meta.length === topics.length) return;
      last = `no leader yet for ${leaderless.map((t) => t.name).join(', ') || 'some topics'}`;
    } catch (error) {
      // UNKNOWN_TOPIC_OR_PARTITION while the controller's metadata propagates.
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) {
      throw new KafkaPackageError(
        'KAFKA_TOPICS_NOT_READY',
        `topics created but not ready after ${timeoutMs} ms: ${last}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** How one topic is created: what the broker is sent. */
export interface TopicCreation {
  topic: string;
  numPartitions: number;
  replicationFactor: number;
  configEntries: ReadonlyArray<{ name: string; value: string }>;
}

/**
 * The topics as `ensureTopics` creates them on a cluster of `brokers` nodes: replication
 * and `min.insync.replicas` clamped to the broker count (a one-broker development cluster
 * cannot hold the catalogue's production replication), and the replication actually used
 * when that clamp applied.
 */
export function topicCreationPlan(
  specs: readonly TopicSpec[],
  brokers: number,
): { topics: TopicCreation[]; clampedReplication: number | null } {
  const maxReplication = Math.max(1, ...specs.map((s) => s.replicationFactor));
  return {
    topics: specs.map((s) => ({
      topic: s.name,
      numPartitions: s.partitions,
      replicationFactor: Math.min(s.replicationFactor, brokers),
      configEntries: topicConfigEntries(s, brokers),
    })),
    clampedReplication: maxReplication > brokers ? brokers : null,
  };
}

function topicConfigEntries(s: TopicSpec, brokers: number): { name: string; value: string }[] {
  return [
    { name: 'cleanup.policy', value: s.cleanupPolicy },
    { name: 'retention.ms', value: String(s.retentionMs) },
    ...(s.minInSyncReplicas === undefined
      ? []
      : [{ name: 'min.insync.replicas', value: String(Math.min(s.minInSyncReplicas, brokers)) }]),
  ];
}
