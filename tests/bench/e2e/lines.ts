/**
 * When each invoice line became visible: invoice_lines polled every `intervalMs`, each new
 * line stamped with the time the poll saw it (an upper bound of its commit, late by at most
 * one interval plus the query). `created_at` is the writing transaction's start (now()), a
 * lower bound; both are kept.
 */
import type { Pool } from '@overfly/db';

export interface SeenLine {
  chargeId: string;
  /** Wall-clock ms the poll first saw it committed. */
  seenAt: number;
  /** Its transaction's start (created_at), ms. */
  createdAt: number;
}

export class LineWatcher {
  readonly lines = new Map<number, SeenLine>();
  private maxId = 0;

  constructor(private readonly pool: Pool) {}

  /** One poll; returns how many lines it saw for the first time. */
  async poll(): Promise<number> {
    const started = Date.now();
    // A window below the highest id seen: a transaction with lower ids may commit after a later one.
    const { rows } = await this.pool.query<{ id: string; charge: string; created: string }>(
      `SELECT line_id::text AS id, charge_id AS charge,
              (extract(epoch FROM created_at) * 1000)::bigint::text AS created
         FROM invoice_lines WHERE line_id > $1`,
      [Math.max(0, this.maxId - 5_000)],
    );
    const seenAt = Math.round((started + Date.now()) / 2);
    let fresh = 0;
    for (const r of rows) {
      const id = Number(r.id);
      if (this.lines.has(id)) continue;
      this.lines.set(id, { chargeId: r.charge, seenAt, createdAt: Number(r.created) });
      if (id > this.maxId) this.maxId = id;
      fresh++;
    }
    return fresh;
  }

  /** The time the last line was seen (0 when none was). */
  lastSeenAt(): number {
    let last = 0;
    for (const l of this.lines.values()) if (l.seenAt > last) last = l.seenAt;
    return last;
  }
}
