import type { BatchProgress } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { createBatchEventHub, type EventSocket } from './events.js';

function socket(bufferedAmount = 0) {
  const sent: Array<{ event: string; job: { commandId: string } }> = [];
  const s = {
    bufferedAmount,
    terminated: false,
    send: (data: string) => sent.push(JSON.parse(data)),
    terminate() {
      s.terminated = true;
    },
  };
  return { s: s as EventSocket & { terminated: boolean }, sent };
}

const progress = (commandId: string, status: BatchProgress['status']): BatchProgress => ({
  commandId,
  jobName: 'export',
  status,
  processed: 1,
  failed: 0,
  total: 2,
  message: null,
  startedAt: 1,
  updatedAt: 2,
});

describe('the batch event hub', () => {
  it('names each state’s event and keeps tenants apart', () => {
    const hub = createBatchEventHub();
    const all = socket();
    const baw = socket();
    hub.connect(all.s, null);
    hub.connect(baw.s, 'BAW');
    hub.publish(progress('j1', 'ACCEPTED'), 'BAW');
    hub.publish(progress('j2', 'RUNNING'), 'AFR');
    hub.publish(progress('j1', 'SUCCEEDED'), 'BAW');
    hub.publish(progress('j3', 'REJECTED'), null);
    hub.publish(progress('j4', 'CANCELLED'), null);
    expect(all.sent.map((e) => `${e.job.commandId} ${e.event}`)).toEqual([
      'j1 batch:created',
      'j2 batch:progress',
      'j1 batch:completed',
      'j3 batch:failed',
      'j4 batch:cancelled',
    ]);
    expect(baw.sent.map((e) => `${e.job.commandId} ${e.event}`)).toEqual([
      'j1 batch:created',
      'j1 batch:completed',
    ]);
  });

  it('cuts off a client that does not read, and forgets one that left', () => {
    const hub = createBatchEventHub(1_000);
    const slow = socket(5_000);
    const gone = socket();
    hub.connect(slow.s, null);
    const leave = hub.connect(gone.s, null);
    leave();
    hub.publish(progress('j1', 'RUNNING'), null);
    expect(slow.s.terminated).toBe(true);
    expect(slow.sent).toEqual([]);
    expect(gone.sent).toEqual([]);
    expect(hub.clients).toBe(0);
  });
});
