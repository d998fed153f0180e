import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../../tests/support/wait-for.js';
import { passengerEvent } from './test-support/events.js';
import {
  DONE,
  dropSchemas,
  ledgerRows,
  mailCounts,
  settled,
  setup,
  stop,
} from './test-support/faulty-run.js';
import { startNotifierProcess } from './test-support/notifier-process.js';

afterAll(dropSchemas);

// Minutes: `pnpm test:chaos`, not CI. The faults alone (no kills) are notifier.faults.int.test.ts.
describe('notifier killed ten times against receivers that fail 30 % of calls and hang', () => {
  it('loses none and sends no SMS twice, nor anything else but a send a SIGKILL cut short, killed ten times', {
    timeout: 360_000,
  }, async () => {
    const t = await setup('notifier-kills', 11);
    const run = t.prefix.replace(/[^a-z0-9]/gi, '').slice(-10);
    const events = Array.from({ length: 30 }, (_, i) =>
      passengerEvent(i, run, { type: 'CARE_OFFERED', contactRef: `C${run}-${i}` }),
    );
    const producer = await t.runtime.producer();
    const expected = events.length * 3;
    // Published in ten parts while the notifier runs and is killed: a replay arriving.
    let current = startNotifierProcess(t.prefix, t.schema, t.env);
    const outputs: string[] = [];
    try {
      for (let kill = 0; kill < 10; kill++) {
        const part = events.slice(kill * 3, kill * 3 + 3);
        await producer.send(
          'passenger.events',
          part.map((e) => ({ key: e.passengerId, value: e })),
        );
        // Killed while it works: once it has started sending, after a varying delay.
        const sentBefore = (await ledgerRows(t.pool)).filter((r) => r.status !== 'PENDING').length;
        await waitFor(
          async () =>
            current.child.exitCode === null &&
            (await ledgerRows(t.pool)).filter((r) => r.status !== 'PENDING').length > sentBefore
              ? true
              : null,
          { timeoutMs: 15_000, intervalMs: 50, message: `kill ${kill + 1}: work under way` },
        ).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 150 + ((kill * 377) % 900)));
        await stop(current, 'SIGKILL');
        outputs.push(current.output());
        current = startNotifierProcess(t.prefix, t.schema, t.env);
      }
      const rows = await settled(t.pool, expected, () => current);
      outputs.push(current.output());

      // None lost: every delivery was sent (the receivers answer 2xx in the end).
      expect(rows.filter((r) => !DONE.has(r.status))).toEqual([]);
      const at = {
        SMS: t.sms.countsByIdempotencyKey(),
        WEBHOOK: t.hooks.countsByIdempotencyKey(),
        EMAIL: Object.fromEntries(await mailCounts()),
      } as Record<string, Record<string, number>>;
      const missing = rows.filter((r) => !at[r.channel]?.[r.notification_id]);
      expect(missing).toEqual([]);
      // None twice, but for a send a kill cut between the receiver's answer and the ledger's
      // mark (resumed: sent again with the same key; see README "Exactly once").
      const twice = rows.filter((r) => (at[r.channel]?.[r.notification_id] ?? 0) > 1);
      expect(twice.filter((r) => r.resumes === 0)).toEqual([]);
      // An SMS is never twice: a resumed one is looked up in Twilio's list before it is sent.
      expect(twice.filter((r) => r.channel === 'SMS')).toEqual([]);
      const resumed = rows.filter((r) => r.resumes > 0).length;
      console.log(
        `notifier killed 10 times: ${rows.length} deliveries, ${resumed} sends cut short and resumed, ${twice.length} received twice (${twice.map((r) => r.channel).join(', ') || 'none'})`,
      );
      for (const output of outputs) expect(output).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
    } finally {
      await stop(current, 'SIGTERM');
      await Promise.all([t.sms.close(), t.hooks.close(), t.pool.end()]);
    }
  });
});
