import type { Queryable } from '@overfly/db';
import type { KafkaRuntime, MessageOf } from '@overfly/kafka';
import type { BatchProgress } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import type { BatchEventHub } from './events.js';
import { startBatchEventFeed } from './events-feed.js';

type Handle = (m: MessageOf<'batch.progress'>) => Promise<void>;

/** The feed over fakes: a runtime that hands over its handler, a table of job rows. */
async function feed(rows: Map<string, string | null>) {
  let handle: Handle | undefined;
  let lookups = 0;
  const runtime = {
    service: 'api',
    consume: async (options: { handle: Handle }) => {
      handle = options.handle;
      return { stats: {}, stop: async () => undefined };
    },
  } as unknown as KafkaRuntime;
  const db = {
    query: async (_sql: string, [jobId]: [string]) => {
      lookups++;
      return { rows: rows.has(jobId) ? [{ operator_scope: rows.get(jobId) }] : [] };
    },
  } as unknown as Queryable;
  const published: Array<{ job: string; scope: string | null }> = [];
  const hub: BatchEventHub = {
    connect: () => () => undefined,
    publish: (progress, scope) => published.push({ job: progress.commandId, scope }),
    clients: 1,
  };
  await startBatchEventFeed({
    runtime,
    db,
    hub,
    admin: { deleteGroups: async () => undefined },
    now: () => 0,
    rowWaitMs: 200,
  });
  const progress = (jobId: string): MessageOf<'batch.progress'> =>
    ({
      timestamp: 1_000,
      value: { commandId: jobId, status: 'RUNNING' } as BatchProgress,
    }) as MessageOf<'batch.progress'>;
  const send = async (jobId: string) => {
    const before = lookups;
    await handle?.(progress(jobId));
    return lookups - before;
  };
  return { send, published };
}

describe('the batch events feed', () => {
  it('waits for a job row once: a job that never gets one does not hold every event', async () => {
    const rows = new Map<string, string | null>([['job-ok', 'AFR']]);
    const { send, published } = await feed(rows);
    expect(await send('job-ok')).toBe(1);
    // No row: polled for the whole wait (200 ms every 25 ms), then shown unscoped.
    expect(await send('job-elsewhere')).toBeGreaterThan(5);
    // Its next events are looked up once each, never waited for again.
    expect(await send('job-elsewhere')).toBe(1);
    expect(await send('job-elsewhere')).toBe(1);
    // Should its row come after all, it is found and remembered.
    rows.set('job-elsewhere', 'DLH');
    expect(await send('job-elsewhere')).toBe(1);
    expect(await send('job-elsewhere')).toBe(0);
    expect(published.map((p) => p.scope)).toEqual(['AFR', '', '', '', 'DLH', 'DLH']);
  });
});
