// The shape of one entry of schemas/topics.json, shared by the codegen validator and
// the generated catalogue so the two cannot drift.

export const cleanupPolicies = ['delete', 'compact'] as const;
export type CleanupPolicy = (typeof cleanupPolicies)[number];

export interface TopicDefinition {
  readonly name: string;
  readonly description: string;
  readonly partitions: number;
  /** Production replication factor; a single local broker clamps it to 1. */
  readonly replicationFactor: number;
  readonly minInSyncReplicas: number;
  readonly cleanupPolicy: CleanupPolicy;
  /** Retention in ms; -1 keeps data forever (compacted topics). */
  readonly retentionMs: number;
  readonly key: { readonly type: 'string'; readonly description: string };
  /** The .avsc file under schemas/ and the full name of its top-level record. */
  readonly valueSchema: { readonly file: string; readonly record: string };
  readonly producers: readonly string[];
  readonly consumers: readonly string[];
}
