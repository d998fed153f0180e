/**
 * Invoice notifications. The notifier e-mails an operator's billing contact when an invoice
 * is ISSUED (and when it is OVERDUE); lines alone notify no one. Invoices are issued by a
 * consolidation run (monthly per operator), which the bench starts itself once every line is
 * committed: `pnpm overfly runs consolidate --as-of <the month after the recording>`. So what
 * is measured is consolidation start → ISSUED event → notification SENT, not position →
 * notification: that would be mostly the wait for the month's end.
 */

import type { Pool } from '@overfly/db';
import type { KafkaRuntime } from '@overfly/kafka';
import { alive, type Child, sampleAll, startChild } from './children.js';

export interface NotificationResult {
  issued: number;
  sent: number;
  /** Consolidation child: start → exit. */
  consolidationSeconds: number;
  /** ISSUED event's record timestamp → the SENT notification's, per invoice. */
  issuedToSentMs: number[];
  /** Consolidation start → SENT, per invoice. */
  consolidationToSentMs: number[];
  /** Consolidation start → the last SENT. */
  allSentSeconds: number;
}

/** The first day of the month after `at` (epoch ms), 01:00 UTC, as ISO. */
export function monthAfter(at: number): string {
  const d = new Date(at);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1, 1)).toISOString();
}

async function sentByEvent(runtime: KafkaRuntime): Promise<Map<string, number>> {
  const sent = new Map<string, number>();
  await runtime.readToEnd('notifications', (m) => {
    const n = m.value;
    if (n?.sourceTopic !== 'invoices.events' || n.status !== 'SENT') return;
    if (!sent.has(n.sourceEventId)) sent.set(n.sourceEventId, m.timestamp);
  });
  return sent;
}

export async function consolidateAndNotify(
  runtime: KafkaRuntime,
  pool: Pool,
  schema: string,
  asOf: string,
  timeoutMs: number,
  failed: () => Child | undefined,
): Promise<NotificationResult> {
  const startedAt = Date.now();
  const run = startChild('consolidation', 'scripts/overfly.ts', { DATABASE_SCHEMA: schema }, [
    'runs',
    'consolidate',
    '--as-of',
    asOf,
  ]);
  // Sampled while it runs: a short-lived process is gone before the bench's last sample.
  while (alive(run)) {
    sampleAll();
    await new Promise((r) => setTimeout(r, 200));
  }
  const code = run.child.exitCode;
  const consolidationSeconds = (Date.now() - startedAt) / 1000;
  if (code !== 0) throw new Error(`consolidation exited ${code}:\n${run.tail()}`);
  process.stderr.write(`bench:e2e: consolidation: ${run.tail().trim()}\n`);
  // Every invoice, whatever its state now: the CLI also marks the overdue ones (a 2018
  // recording's invoices are due long ago), and OVERDUE is a later state of an ISSUED one.
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM invoices WHERE document_type = 'INVOICE'`,
  );
  const issued = rows[0]?.n ?? 0;

  let sent = new Map<string, number>();
  const issuedAt = new Map<string, number>();
  const deadline = Date.now() + timeoutMs;
  const complete = () =>
    issuedAt.size >= issued && [...issuedAt.keys()].every((id) => sent.has(id));
  while (!complete() && Date.now() < deadline) {
    const gone = failed();
    if (gone) throw new Error(`${gone.name} exited while notifying:\n${gone.tail()}`);
    await new Promise((r) => setTimeout(r, 500));
    sampleAll();
    sent = await sentByEvent(runtime);
    await runtime.readToEnd('invoices.events', (m) => {
      if (m.value?.type === 'ISSUED' && m.value.documentType === 'INVOICE')
        issuedAt.set(m.value.eventId, m.timestamp);
    });
  }
  const issuedToSentMs: number[] = [];
  const consolidationToSentMs: number[] = [];
  let lastSent = startedAt;
  for (const [eventId, from] of issuedAt) {
    const at = sent.get(eventId);
    if (at === undefined) continue;
    consolidationToSentMs.push(at - startedAt);
    lastSent = Math.max(lastSent, at);
    issuedToSentMs.push(at - from);
  }
  return {
    issued,
    sent: issuedToSentMs.length,
    consolidationSeconds,
    issuedToSentMs,
    consolidationToSentMs,
    allSentSeconds: (lastSent - startedAt) / 1000,
  };
}
