import type { Admin, Consumer, Kafka } from 'kafkajs';
import { adminCall } from './admin-retry.js';
import { createKafkaClient } from './kafka-client.js';
import {
  AssignerProtocol,
  ConfigResourceTypes,
  Kafka as KafkaClient,
  logLevel,
} from './kafkajs.js';
import { type LoggerLike, silentLogger } from './logger.js';

/** One consumer of a group as the broker knows it, with its assignment. */
export interface GroupMember {
  memberId: string;
  clientId: string;
  host: string;
  /** Topic → partitions assigned to this member, sorted. */
  partitions: Map<string, number[]>;
}

/**
 * Cluster inspection and housekeeping for tools, tests, benchmarks and infra, so that none
 * of them imports kafkajs. Topic names are physical (prefix included). Services do not need
 * it: KafkaRuntime has all they use.
 */
export interface KafkaAdmin {
  listTopics(): Promise<string[]>;
  /** The cluster as the broker describes it: its id, its brokers, the active controller. */
  describeCluster(): Promise<{ clusterId: string; brokers: number; controller: number | null }>;
  /**
   * Each topic's partition count, `cleanup.policy` and `retention.ms` (null when the broker
   * gave none). Only for topics that exist: ask `listTopics` first.
   */
  describeTopics(names: readonly string[]): Promise<
    Array<{
      name: string;
      partitions: number;
      cleanupPolicy: string | null;
      retentionMs: string | null;
    }>
  >;
  /** A topic outside the catalogue's settings (a test of a topic that differs from it). */
  createTopic(topic: { name: string; partitions: number }): Promise<void>;
  deleteTopics(names: readonly string[]): Promise<void>;
  /** Per partition: first and next-to-write offsets (`low`, `high`), as decimal strings. */
  topicOffsets(topic: string): Promise<Array<{ partition: number; low: string; high: string }>>;
  /** Partition → the group's committed next offset, or null where it committed none. */
  committedOffsets(groupId: string, topic: string): Promise<Map<number, string | null>>;
  /**
   * Every topic the group has committed offsets on, each with partition → committed next
   * offset (partitions without a commit left out); empty when the group committed nothing.
   */
  groupOffsets(groupId: string): Promise<Map<string, Map<number, string>>>;
  /**
   * The group's live members and the partitions each is assigned, by topic: how instances
   * share the work. Empty when the group has no member (or does not exist).
   */
  groupMembers(groupId: string): Promise<GroupMember[]>;
  deleteGroups(groupIds: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

export interface KafkaAdminOptions {
  brokers: string[];
  clientId?: string;
  logger?: LoggerLike;
  /** How long one connection attempt may take (default 5 s); a diagnosis wants it short. */
  connectionTimeoutMs?: number;
  /** kafkajs' own retries of a failed connection or request (default 4). */
  retries?: number;
}

export function createKafkaAdmin(options: KafkaAdminOptions): KafkaAdmin {
  const kafka = createKafkaClient({
    brokers: options.brokers,
    clientId: options.clientId ?? 'overfly-admin',
    logger: options.logger ?? silentLogger,
    ...(options.connectionTimeoutMs === undefined
      ? {}
      : { connectionTimeoutMs: options.connectionTimeoutMs }),
    ...(options.retries === undefined ? {} : { retries: options.retries }),
  });
  return kafkaAdmin(kafka);
}

/** The same over a runtime's own client. */
function kafkaAdmin(kafka: Kafka): KafkaAdmin {
  let connected: Promise<Admin> | undefined;
  const admin = () => {
    connected ??= (async () => {
      const a = kafka.admin();
      await a.connect();
      return a;
    })();
    return connected;
  };
  return {
    async listTopics() {
      const a = await admin();
      return adminCall(() => a.listTopics());
    },
    async describeCluster() {
      const a = await admin();
      // Not through adminCall: a broker that is away should say so at once, not after retries.
      const cluster = await a.describeCluster();
      return {
        clusterId: cluster.clusterId,
        brokers: cluster.brokers.length,
        controller: cluster.controller,
      };
    },
    async describeTopics(names) {
      if (names.length === 0) return [];
      const a = await admin();
      const metadata = await adminCall(() => a.fetchTopicMetadata({ topics: [...names] }));
      const configs = await adminCall(() =>
        a.describeConfigs({
          includeSynonyms: false,
          resources: names.map((name) => ({
            type: ConfigResourceTypes.TOPIC,
            name,
            configNames: ['cleanup.policy', 'retention.ms'],
          })),
        }),
      );
      return names.map((name) => {
        const entries = configs.resources.find((r) => r.resourceName === name)?.configEntries;
        const value = (config: string) =>
          entries?.find((e) => e.configName === config)?.configValue ?? null;
        return {
          name,
          partitions: metadata.topics.find((t) => t.name === name)?.partitions.length ?? 0,
          cleanupPolicy: value('cleanup.policy'),
          retentionMs: value('retention.ms'),
        };
      });
    },
    async createTopic(topic) {
      const a = await admin();
      await a.createTopics({
        topics: [{ topic: topic.name, numPartitions: topic.partitions }],
        waitForLeaders: false,
      });
    },
    async deleteTopics(names) {
      if (names.length === 0) return;
      const a = await admin();
      await a.deleteTopics({ topics: [...names], timeout: 30_000 });
    },
    async topicOffsets(topic) {
      const a = await admin();
      const offsets = await adminCall(() => a.fetchTopicOffsets(topic));
      return offsets.map((p) => ({ partition: p.partition, low: p.low, high: p.high }));
    },
    async committedOffsets(groupId, topic) {
      const a = await admin();
      const [entry] = await adminCall(() => a.fetchOffsets({ groupId, topics: [topic] }));
      return new Map(
        (entry?.partitions ?? []).map((p) => [p.partition, Number(p.offset) < 0 ? null : p.offset]),
      );
    },
    async groupOffsets(groupId) {
      const a = await admin();
      // No topics: the broker answers for every topic the group committed on (OffsetFetch v3+).
      const entries = await adminCall(() => a.fetchOffsets({ groupId }));
      const byTopic = new Map<string, Map<number, string>>();
      for (const entry of entries) {
        const committed = entry.partitions.filter((p) => Number(p.offset) >= 0);
        if (committed.length === 0) continue;
        byTopic.set(entry.topic, new Map(committed.map((p) => [p.partition, p.offset])));
      }
      return byTopic;
    },
    async groupMembers(groupId) {
      const a = await admin();
      const { groups } = await adminCall(() => a.describeGroups([groupId]));
      return (groups[0]?.members ?? []).map((m) => {
        const decoded =
          m.memberAssignment.length > 0
            ? AssignerProtocol.MemberAssignment.decode(m.memberAssignment)
            : null;
        return {
          memberId: m.memberId,
          clientId: m.clientId,
          host: m.clientHost,
          partitions: new Map(
            Object.entries(decoded?.assignment ?? {}).map(([topic, parts]) => [
              topic,
              [...parts].sort((x, y) => x - y),
            ]),
          ),
        };
      });
    },
    async deleteGroups(groupIds) {
      if (groupIds.length === 0) return;
      const a = await admin();
      await a.deleteGroups([...groupIds]);
    },
    async close() {
      const a = connected;
      connected = undefined;
      if (a) await (await a).disconnect();
    },
  };
}

/**
 * Whether a broker answers at `brokers` with a cluster that has a controller: infra's
 * readiness probe. One quick attempt (1 s to connect, 2 s per request), no retries; any
 * failure is `false`.
 */
export async function kafkaAnswers(brokers: string[]): Promise<boolean> {
  const admin = new KafkaClient({
    clientId: 'overfly-infra',
    brokers,
    connectionTimeout: 1_000,
    requestTimeout: 2_000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 && cluster.controller !== null;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** A record as it is on the topic: bytes, headers as UTF-8, timestamp in epoch ms. */
export interface RawMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
  timestamp: number;
}

export interface TailOptions {
  brokers: string[];
  groupId: string;
  /** Physical topic names. */
  topics: readonly string[];
  fromBeginning?: boolean;
  clientId?: string;
  maxWaitTimeInMs?: number;
  onMessage: (message: RawMessage) => void | Promise<void>;
}

/**
 * Follows topics and hands over their records undecoded, in offset order per partition,
 * committing as it goes: what a benchmark's latency probe or a test that reads headers
 * with no registry needs. Not a consumer loop (no dead letters, no retries).
 */
export async function tailTopics(options: TailOptions): Promise<{ stop(): Promise<void> }> {
  const kafka = createKafkaClient({
    brokers: options.brokers,
    clientId: options.clientId ?? 'overfly-tail',
    logger: silentLogger,
  });
  const consumer: Consumer = kafka.consumer({
    groupId: options.groupId,
    maxWaitTimeInMs: options.maxWaitTimeInMs ?? 100,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({
      topics: [...options.topics],
      fromBeginning: options.fromBeginning ?? false,
    });
    await consumer.run({
      eachBatch: async ({ batch, resolveOffset }) => {
        for (const m of batch.messages) {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(m.headers ?? {})) {
            const first = Array.isArray(value) ? value[0] : value;
            if (first !== undefined) headers[name] = first.toString();
          }
          await options.onMessage({
            topic: batch.topic,
            partition: batch.partition,
            offset: m.offset,
            key: m.key ?? null,
            value: m.value ?? null,
            headers,
            timestamp: Number(m.timestamp),
          });
          resolveOffset(m.offset);
        }
      },
    });
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    throw error;
  }
  return {
    async stop() {
      await consumer.disconnect();
    },
  };
}
