import type { ChargeCalculated } from '@overfly/schemas';
import { billedFactsOf, type LinePlan, type LiveLine, planLines } from '../line-plan.js';

/** A stored line as the ledger keeps it. */
interface LedgerLine extends LiveLine {
  chargeId: string;
  supersededBy: number | null;
}

/**
 * invoice_lines and credit notes in memory, applying planLines' plans the way line-store
 * does in PostgreSQL: the unit tests' stand-in for the table, to run many batchings fast.
 */
export class LineLedger {
  readonly lines: LedgerLine[] = [];
  /** Line ids reversed by a credit note, in order. */
  readonly credited: number[] = [];
  private nextId = 1;

  /** What line-store loads for a run: live lines keyed by, or billing, one of its crossings. */
  liveFor(charges: readonly ChargeCalculated[]): Map<string, LiveLine> {
    const crossings = new Set(
      charges.flatMap((c) => [c.crossingId, ...(c.passage?.crossingIds ?? [])]),
    );
    const found = this.live().filter(
      (l) =>
        crossings.has(l.crossingId) || (l.passageCrossingIds ?? []).some((id) => crossings.has(id)),
    );
    return new Map(found.map((l) => [l.crossingId, l]));
  }

  live(): LedgerLine[] {
    return this.lines.filter((l) => l.supersededBy === null);
  }

  /** Plans and applies one run of charges, as writeCharges does. */
  write(charges: readonly ChargeCalculated[], firstOffset = 0): LinePlan {
    const plan = planLines(
      this.liveFor(charges),
      charges.map((charge, i) => ({ charge, offset: firstOffset + i })),
    );
    this.apply(plan);
    return plan;
  }

  /** Consolidation: every live PRICED line not yet invoiced goes on an invoice. */
  invoiceAll(invoiceId: string): void {
    for (const l of this.live())
      if (l.status === 'PRICED' && l.invoiceId === null) l.invoiceId = invoiceId;
  }

  private apply(plan: LinePlan): void {
    const reserved = new Map<string, number>();
    const reserve = (key: string) => {
      const id = reserved.get(key) ?? this.nextId++;
      reserved.set(key, id);
      return id;
    };
    const byId = new Map(this.lines.map((l) => [l.lineId, l]));
    const supersede = (old: LiveLine, by: number, credit: boolean) => {
      byId.get(old.lineId)!.supersededBy = by;
      if (credit) this.credited.push(old.lineId);
    };
    for (const { old, credit } of plan.replaced) supersede(old, reserve(old.crossingId), credit);
    const inserted = new Set(plan.inserts.map((l) => l.charge.crossingId));
    for (const { old, credit, by } of plan.absorbed) {
      const line = inserted.has(by)
        ? reserve(by)
        : this.live().find((l) => l.crossingId === by)?.lineId;
      if (line === undefined) throw new Error(`absorbed by ${by}, which has no line`);
      supersede(old, line, credit);
    }
    for (const line of plan.inserts)
      this.lines.push({
        ...billedFactsOf(line.charge),
        lineId: reserve(line.charge.crossingId),
        crossingId: line.charge.crossingId,
        chargeId: line.charge.chargeId,
        revision: line.revision,
        calculatedAt: line.charge.calculatedAt,
        invoiceId: null,
        supersededBy: null,
      });
    for (const { lineId, calculatedAt } of plan.confirmed) {
      const line = byId.get(lineId)!;
      line.calculatedAt = Math.max(line.calculatedAt, calculatedAt);
    }
    this.check();
  }

  /** What the table's indexes and the plan promise: one live line per key and per crossing. */
  private check(): void {
    const keys = new Set<string>();
    const crossings = new Set<string>();
    for (const l of this.live()) {
      if (keys.has(l.crossingId)) throw new Error(`two live lines of ${l.crossingId}`);
      keys.add(l.crossingId);
      for (const id of new Set([l.crossingId, ...(l.passageCrossingIds ?? [])])) {
        if (crossings.has(id)) throw new Error(`crossing ${id} billed on two live lines`);
        crossings.add(id);
      }
    }
  }
}
