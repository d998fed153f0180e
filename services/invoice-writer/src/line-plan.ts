import type { ChargeCalculated } from '@overfly/schemas';

/** The live line of a crossing as stored, what a new charge is compared with. */
export interface LiveLine {
  lineId: number;
  crossingId: string;
  revision: number;
  tariffVersion: string;
  status: string;
  amountMinor: number | null;
  currency: string | null;
  calculatedAt: number;
  /** Set once the line is on an issued invoice: then it may only be credited. */
  invoiceId: string | null;
}

export interface NewLine {
  charge: ChargeCalculated;
  revision: number;
  tariffVersion: string;
  amountMinor: number | null;
  offset: number;
}

export interface LinePlan {
  inserts: NewLine[];
  /** Live lines replaced by a newer calculation, with whether a credit note is owed. */
  replaced: Array<{ old: LiveLine; credit: boolean }>;
  /**
   * Live lines of crossings that a passage's line now bills (they were billed on their own,
   * or in a passage that has grown): each is superseded by the passage's line, with a
   * credit note when it was already invoiced. `by` is the passage id.
   */
  absorbed: Array<{ old: LiveLine; credit: boolean; by: string }>;
}

/** What a charge bills: EXEMPT bills 0, UNPRICED and UNKNOWN bill nothing yet (null). */
function billedAmount(charge: ChargeCalculated): number | null {
  if (charge.status === 'PRICED') return charge.amount?.amountMinor ?? null;
  if (charge.status === 'EXEMPT') return 0;
  return null;
}

function sameBill(line: LiveLine, charge: ChargeCalculated): boolean {
  return (
    line.tariffVersion === (charge.tariffVersion ?? '') &&
    line.status === charge.status &&
    line.amountMinor === billedAmount(charge) &&
    line.currency === (charge.amount?.currency ?? null)
  );
}

/**
 * Decides, for a run of valid charges in offset order, which lines to write. A charge
 * whose bill equals the live line's (a redelivery, or a re-calculation that changed
 * nothing) writes nothing; an older calculation never replaces a newer one; a changed bill
 * replaces the live line, with a credit note when that line was already invoiced. A
 * passage's charge also takes over the live lines of its other crossings.
 */
export function planLines(
  live: ReadonlyMap<string, LiveLine>,
  charges: ReadonlyArray<{ charge: ChargeCalculated; offset: number }>,
): LinePlan {
  const current = new Map(live);
  const pending = new Map<string, NewLine>();
  const replaced: LinePlan['replaced'] = [];
  const absorbed: LinePlan['absorbed'] = [];
  for (const { charge, offset } of charges) {
    for (const crossingId of charge.passage?.crossingIds ?? []) {
      const other = crossingId === charge.crossingId ? undefined : current.get(crossingId);
      if (!other || charge.calculatedAt < other.calculatedAt) continue;
      absorbed.push({ old: other, credit: other.invoiceId !== null, by: charge.crossingId });
      current.delete(crossingId);
      pending.delete(crossingId);
    }
    const inBatch = pending.get(charge.crossingId);
    if (inBatch) {
      // Two versions of one crossing in one run: only the later calculation is written.
      if (charge.calculatedAt >= inBatch.charge.calculatedAt)
        pending.set(charge.crossingId, { ...toLine(charge, offset), revision: inBatch.revision });
      continue;
    }
    const line = current.get(charge.crossingId);
    if (line) {
      if (charge.calculatedAt < line.calculatedAt || sameBill(line, charge)) continue;
      replaced.push({ old: line, credit: line.invoiceId !== null });
      current.delete(charge.crossingId);
      pending.set(charge.crossingId, { ...toLine(charge, offset), revision: line.revision + 1 });
      continue;
    }
    pending.set(charge.crossingId, toLine(charge, offset));
  }
  return { inserts: [...pending.values()], replaced, absorbed };
}

function toLine(charge: ChargeCalculated, offset: number): NewLine {
  return {
    charge,
    revision: 1,
    tariffVersion: charge.tariffVersion ?? '',
    amountMinor: billedAmount(charge),
    offset,
  };
}
