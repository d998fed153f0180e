import { randomUUID } from 'node:crypto';
import type { Queryable } from '@overfly/db';
import type { KafkaAdmin, KafkaRuntime, MessageOf } from '@overfly/kafka';
import type { BatchEventHub } from './events.js';

/** Records this much older than the feed's start still count: clocks of other hosts. */
const SKEW_MS = 2_000;

/**
 * batch.progress → this instance's WebSocket clients. Every api instance reads every
 * partition with a group of its own and sends on what was written since it started (events
 * are for those connected now; the jobs' state is in PostgreSQL). It reads from the
 * beginning and skips the older records, rather than from the end: "the end" is only fixed
 * once the group's first fetch resolves it, and a job started in between would go unheard.
 * A job's tenant scope is looked up once and remembered.
 */
export async function startBatchEventFeed(options: {
  runtime: KafkaRuntime;
  db: Queryable;
  hub: BatchEventHub;
  admin: Pick<KafkaAdmin, 'deleteGroups'>;
  groupId?: string;
  now?: () => number;
}): Promise<{ stop(): Promise<void> }> {
  const groupId = options.groupId ?? `${options.runtime.service}-batch-events-${randomUUID()}`;
  const since = (options.now ?? Date.now)() - SKEW_MS;
  const scopes = new Map<string, string | null>();
  const scopeOf = async (jobId: string) => {
    const known = scopes.get(jobId);
    if (known !== undefined) return known;
    const { rows } = await options.db.query<{ operator_scope: string | null }>(
      'SELECT operator_scope FROM batch_jobs WHERE job_id = $1',
      [jobId],
    );
    // A job not (or no longer) in PostgreSQL is shown to unscoped clients only.
    const scope = rows[0] ? rows[0].operator_scope : '';
    if (scopes.size > 10_000) scopes.clear();
    scopes.set(jobId, scope);
    return scope;
  };
  const loop = await options.runtime.consume({
    groupId,
    topics: ['batch.progress'],
    fromBeginning: true,
    handle: async (m: MessageOf<'batch.progress'>) => {
      if (m.value === null || m.timestamp < since || options.hub.clients === 0) return;
      options.hub.publish(m.value, await scopeOf(m.value.commandId));
    },
  });
  return {
    async stop() {
      await loop.stop();
      await options.admin.deleteGroups([groupId]).catch(() => undefined);
    },
  };
}
