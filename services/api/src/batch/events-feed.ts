import { randomUUID } from 'node:crypto';
import type { Queryable } from '@overfly/db';
import type { KafkaAdmin, KafkaRuntime, MessageOf } from '@overfly/kafka';
import type { BatchEventHub } from './events.js';

/** Records this much older than the feed's start still count: clocks of other hosts. */
const SKEW_MS = 2_000;
/** How long a job's first event waits for its row (the api sends ACCEPTED before the insert). */
const ROW_WAIT_MS = 3_000;
const ROW_POLL_MS = 25;

/**
 * batch.progress → this instance's WebSocket clients. Every api instance reads every
 * partition with a group of its own and sends on what was written since it started (events
 * are for those connected now; the jobs' state is in PostgreSQL). It reads from the
 * beginning and skips the older records, rather than from the end: "the end" is only fixed
 * once the group's first fetch resolves it, and a job started in between would go unheard.
 * A job's tenant scope is looked up once and remembered. The api announces a job (ACCEPTED)
 * just before it inserts its row, so an event whose row is not there yet waits for it, up to
 * ROW_WAIT_MS: a client told of a job can then read it at once, and an operator's client is
 * not denied its own job's events for having been told too early. A miss is never remembered,
 * but a job whose row did not come within one wait is only looked up, not waited for, on its
 * later events: a job that never has a row (another deployment's on the same topic) holds
 * the feed once, not at every event.
 */
export async function startBatchEventFeed(options: {
  runtime: KafkaRuntime;
  db: Queryable;
  hub: BatchEventHub;
  admin: Pick<KafkaAdmin, 'deleteGroups'>;
  groupId?: string;
  now?: () => number;
  /** How long an event waits for its job's row; ROW_WAIT_MS unless a test says. */
  rowWaitMs?: number;
}): Promise<{ stop(): Promise<void> }> {
  const groupId = options.groupId ?? `${options.runtime.service}-batch-events-${randomUUID()}`;
  const since = (options.now ?? Date.now)() - SKEW_MS;
  const scopes = new Map<string, string | null>();
  /** Jobs whose row did not come within a full wait. */
  const waitedFor = new Set<string>();
  const rowWaitMs = options.rowWaitMs ?? ROW_WAIT_MS;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const rowScope = async (jobId: string) => {
    const { rows } = await options.db.query<{ operator_scope: string | null }>(
      'SELECT operator_scope FROM batch_jobs WHERE job_id = $1',
      [jobId],
    );
    return rows[0] ? rows[0].operator_scope : undefined;
  };
  const scopeOf = async (jobId: string) => {
    const known = scopes.get(jobId);
    if (known !== undefined) return known;
    let scope = await rowScope(jobId);
    const wait = waitedFor.has(jobId) ? 0 : rowWaitMs;
    for (let waited = 0; scope === undefined && waited < wait; waited += ROW_POLL_MS) {
      await sleep(ROW_POLL_MS);
      scope = await rowScope(jobId);
    }
    // A job not (or no longer) in PostgreSQL is shown to unscoped clients only.
    if (scope === undefined) {
      if (waitedFor.size > 10_000) waitedFor.clear();
      waitedFor.add(jobId);
      return '';
    }
    waitedFor.delete(jobId);
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
