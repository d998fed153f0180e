import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../../tests/support/wait-for.js';
import { retryDeadLettered } from './ledger/operations.js';
import { passengerEvent } from './test-support/events.js';
import {
  DONE,
  dropSchemas,
  ledgerRows,
  mailCounts,
  settled,
  setup,
  stop,
  timeline,
} from './test-support/faulty-run.js';
import { startNotifierProcess } from './test-support/notifier-process.js';

afterAll(dropSchemas);

// Runs in `pnpm test` (seconds); the SIGKILL runs are notifier.chaos.test.ts (`pnpm test:chaos`).
describe('notifier against receivers that fail 30 % of calls and sometimes hang', () => {
  it('delivers every notification once or dead-letters it, and never calls before Retry-After', {
    timeout: 240_000,
  }, async () => {
    const t = await setup('notifier-faults', 7);
    const run = t.prefix.replace(/[^a-z0-9]/gi, '').slice(-10);
    const events = [
      ...Array.from({ length: 14 }, (_, i) =>
        passengerEvent(i, run, { type: 'REBOOKING_PROPOSED', contactRef: `C${run}-${i}` }),
      ),
      ...Array.from({ length: 4 }, (_, i) => passengerEvent(100 + i, run)),
    ];
    // Whatever the draws, each receiver rate-limits, fails and hangs at least once, first.
    for (const fake of [t.sms, t.hooks]) fake.force('rate-limited', 'error-503', 'hang');
    // The subscriber refuses one delivery for good (422): dead-lettered, with its reason.
    const refused = events[5]!;
    t.hooks.setAnswer((d) =>
      d.body.includes(`"passengerId":"${refused.passengerId}"`)
        ? { status: 422, body: '{"error":"unprocessable"}' }
        : { status: 200, body: JSON.stringify({ id: d.receiverId }) },
    );
    const producer = await t.runtime.producer();
    await producer.send(
      'passenger.events',
      events.map((e) => ({ key: e.passengerId, value: e })),
    );
    // 14 × (e-mail, SMS, webhook) + 4 × (e-mail, webhook).
    const expected = 14 * 3 + 4 * 2;
    const notifier = startNotifierProcess(t.prefix, t.schema, t.env);
    try {
      const rows = await settled(t.pool, expected, () => notifier);
      const dead = rows.filter((r) => r.status === 'DEAD_LETTERED');
      expect(dead.map((r) => r.channel)).toEqual(['WEBHOOK']);
      expect(dead[0]?.last_error).toMatch(/422/);
      const sent = rows.filter((r) => DONE.has(r.status));
      // A webhook's 2xx is delivery; an SMTP 250 or Twilio's 201 is acceptance.
      expect(
        sent.filter((r) => r.status === 'DELIVERED').every((r) => r.channel === 'WEBHOOK'),
      ).toBe(true);
      expect(
        sent.filter((r) => r.channel === 'WEBHOOK').every((r) => r.status === 'DELIVERED'),
      ).toBe(true);
      expect(sent).toHaveLength(expected - 1);

      // Once each: by idempotency key at the SMS provider and the webhook receiver, by
      // Message-ID in Mailpit.
      const sentIds = (channel: string) =>
        sent
          .filter((r) => r.channel === channel)
          .map((r) => r.notification_id)
          .sort();
      const smsCounts = t.sms.countsByIdempotencyKey();
      expect(Object.keys(smsCounts).sort()).toEqual(sentIds('SMS'));
      expect(Object.values(smsCounts).every((n) => n === 1)).toBe(true);
      const hookCounts = t.hooks.countsByIdempotencyKey();
      expect(Object.keys(hookCounts).sort()).toEqual(sentIds('WEBHOOK'));
      const hookTwice = Object.keys(hookCounts).filter((k) => (hookCounts[k] ?? 0) > 1);
      expect(
        hookTwice,
        `${timeline(t.hooks.requests(), hookTwice, notifier.output())}\n${JSON.stringify(rows.filter((r) => hookTwice.includes(r.notification_id)))}`,
      ).toEqual([]);
      const mails = await mailCounts();
      expect(sentIds('EMAIL').map((id) => mails.get(id))).toEqual(sentIds('EMAIL').map(() => 1));

      // The faults did happen, and no call came before a 429's Retry-After had passed.
      for (const fake of [t.sms, t.hooks]) {
        const requests = fake.requests();
        expect(requests.some((r) => r.outcome.startsWith('error-'))).toBe(true);
        expect(requests.some((r) => r.outcome === 'hang')).toBe(true);
        const limited = requests.filter((r) => r.status === 429);
        expect(limited.length).toBeGreaterThan(0);
        // A request already on its way when the 429 left (the client sends several at once)
        // may land just after it: the first 200 ms are theirs.
        for (const r of limited) {
          const early = requests
            .filter((q) => q.at > r.at + 200 && q.at < r.at + 1_000 - 20)
            .map((q) => ({ ...q, afterMs: q.at - r.at }));
          expect(early).toEqual([]);
        }
      }

      // The dead letter names the source event and why.
      const letters = await t.runtime.readDeadLetters();
      const letter = letters.letters.find((l) => l.letter.errorCode === 'NOTIFIER_UNDELIVERABLE');
      expect(letter?.letter.errorMessage).toMatch(/WEBHOOK to ops .*422/);

      // The subscriber fixed: the operator's retry (pnpm overfly notifications retry) sends it.
      t.hooks.setAnswer((d) => ({ status: 200, body: JSON.stringify({ id: d.receiverId }) }));
      t.hooks.configure({});
      const id = dead[0]?.notification_id as string;
      expect(await retryDeadLettered(t.pool, [id], Date.now())).toEqual([id]);
      await waitFor(
        async () =>
          (await ledgerRows(t.pool)).find((r) => r.notification_id === id)?.status === 'DELIVERED'
            ? true
            : null,
        { timeoutMs: 30_000, intervalMs: 200, message: 'the retried delivery sent' },
      );
      expect(t.hooks.countsByIdempotencyKey()[id]).toBe(1);
      expect(notifier.output()).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
    } finally {
      await stop(notifier, 'SIGTERM');
      await Promise.all([t.sms.close(), t.hooks.close(), t.pool.end()]);
    }
  });
});
