import { once } from 'node:events';
import { dropSchema, uniqueSchema } from '@overfly/db';
import type { Notification } from '@overfly/schemas';
import { afterAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../../../tests/support/endpoints.js';
import { isolatedRuntime } from '../../../tests/support/kafka-runtime.js';
import { mailpit } from '../../../tests/support/mailpit.js';
import { waitFor } from '../../../tests/support/wait-for.js';
import { scenarioLanguages } from './contacts/mock-directory.js';
import { idempotencyKeyOf, notificationIdOf } from './ledger/delivery.js';
import { invoiceEvent, passengerEvent } from './test-support/events.js';
import { startNotifierProcess } from './test-support/notifier-process.js';

const { databaseUrl } = testEndpoints();
const schema = uniqueSchema('notifier_service');
afterAll(() => dropSchema(databaseUrl, schema));

/** Message-ID → how many times Mailpit holds it. */
async function mailsById(ids: ReadonlySet<string>): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const m of await mailpit().list(undefined, 1_000)) {
    const id = m.MessageID.replace(/^<|>$/g, '').split('@')[0] ?? '';
    if (ids.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

describe('notifier', () => {
  it('e-mails each passenger and billing contact once, in their language, and tells notifications', {
    timeout: 180_000,
  }, async () => {
    const { runtime, prefix } = await isolatedRuntime('notifier');
    const run = prefix.replace(/[^a-z0-9]/gi, '').slice(-10);
    // Two passengers of the scenario whose bookings are in German and in French.
    const languages = scenarioLanguages(['network-normal']);
    const de = [...languages].find(([, l]) => l === 'de')?.[0];
    const fr = [...languages].find(([, l]) => l === 'fr')?.[0];
    expect(de && fr).toBeTruthy();
    const passengers = [
      passengerEvent(1, run, { contactRef: de as string }),
      passengerEvent(2, run, { contactRef: fr as string, type: 'REFUND_OFFERED' }),
      ...Array.from({ length: 8 }, (_, i) => passengerEvent(10 + i, run)),
      passengerEvent(30, run, { contactRef: null }),
    ];
    const invoices = [
      invoiceEvent(1, run),
      invoiceEvent(2, run, { type: 'LINE_ADDED', eventId: `x-${run}` }),
    ];
    const producer = await runtime.producer();
    await producer.send(
      'passenger.events',
      passengers.map((p) => ({ key: p.passengerId, value: p })),
    );
    await producer.send(
      'invoices.events',
      invoices.map((i) => ({ key: i.invoiceId, value: i })),
    );
    const expected = new Set([
      ...passengers
        .filter((p) => p.contactRef !== null)
        .map((p) => notificationIdOf(idempotencyKeyOf(p.eventId, 'EMAIL', p.contactRef as string))),
      notificationIdOf(idempotencyKeyOf(invoices[0]!.eventId, 'EMAIL', 'operator:DLH')),
    ]);

    const notifier = startNotifierProcess(prefix, schema, { MOCK_SCENARIOS: 'network-normal' });
    try {
      await waitFor(
        async () => {
          if (notifier.child.exitCode !== null)
            throw new Error(`notifier exited:\n${notifier.output()}`);
          return (await mailsById(expected)).size === expected.size ? true : null;
        },
        { timeoutMs: 90_000, intervalMs: 500, message: 'every e-mail in Mailpit' },
      );
      // Read again: the same events delivered a second time send nothing.
      await producer.send(
        'passenger.events',
        passengers.map((p) => ({ key: p.passengerId, value: p })),
      );
      const states = await waitFor(
        async () => {
          const latest = new Map<string, Notification>();
          await runtime.readToEnd('notifications', (m) => {
            if (m.value) latest.set(m.value.notificationId, m.value);
          });
          const sent = [...latest.values()].filter((n) => n.status === 'SENT');
          return sent.length >= expected.size ? latest : null;
        },
        { timeoutMs: 60_000, intervalMs: 500, message: 'every state on notifications' },
      );
      await new Promise((r) => setTimeout(r, 3_000));
      const counts = await mailsById(expected);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect(counts.size).toBe(expected.size);

      const suppressed = [...states.values()].filter((n) => n.status === 'SUPPRESSED');
      expect(suppressed.map((n) => n.recipientRef)).toEqual(['passenger:P30']);
      const german = [...states.values()].find(
        (n) => n.recipientRef === de && n.channel === 'EMAIL',
      );
      const mail = (await mailpit().list(undefined, 1_000)).find((m) =>
        m.MessageID.includes(german?.notificationId ?? '-'),
      );
      const headers = await mailpit().headers(mail?.ID ?? '');
      expect(headers['Content-Language']).toEqual(['de']);
      expect(notifier.output()).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
    } finally {
      notifier.child.kill('SIGTERM');
      await once(notifier.child, 'exit');
    }
  });
});
