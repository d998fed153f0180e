import type { ChargeCalculated } from '@overfly/schemas';

/**
 * What a line bills: the figures an invoice line prints or its amount is made of, and whom
 * it bills. Two charges with the same facts bill the same, whatever else differs between
 * them (`chargeId`, `calculatedAt`, the sources of MTOW, unit rate and exchange rate, the
 * wording of a reason after its code, the passage's geometry, which acts through
 * `distanceKm`). A change in any of these is a new line, and a credit note when the line
 * it replaces was invoiced; a change in nothing else ever is.
 */
export interface BilledFacts {
  status: string;
  /**
   * The code of `reason` (`CODE: detail`, packages/charges' reasons), or the whole reason
   * when it has no code (records of before the codes); null when none. `CROSSING_NOT_FINAL`
   * marks the charge of a PROVISIONAL crossing: the record says so only there.
   */
  reasonCode: string | null;
  exemptionCode: string | null;
  /** PRICED: the amount; EXEMPT: 0; UNPRICED and UNKNOWN: null (nothing billed yet). */
  amountMinor: number | null;
  currency: string | null;
  /** '' when no tariff applied. */
  tariffVersion: string;
  operatorIcao: string | null;
  callsign: string | null;
  aircraftType: string | null;
  firId: string;
  /** null when the FIR is in no zone (records that said '' included). */
  chargingZone: string | null;
  /** Days since the epoch. */
  flightDate: number;
  tariffMonth: string;
  distanceKm: number;
  /** `UNKNOWN` for records (and lines) of before the field. */
  distanceBasis: string;
  /** d × p: where the MTOW acts on the bill (mtowKg is not stored on a line). */
  serviceUnits: number | null;
  /** The crossings of the passage billed; null on charges of one crossing of before passages. */
  passageCrossingIds: readonly string[] | null;
}

/** The order `factsKey` lists the facts in: fixed, so equal facts give equal keys. */
const FACT_FIELDS = [
  'status',
  'reasonCode',
  'exemptionCode',
  'amountMinor',
  'currency',
  'tariffVersion',
  'operatorIcao',
  'callsign',
  'aircraftType',
  'firId',
  'chargingZone',
  'flightDate',
  'tariffMonth',
  'distanceKm',
  'distanceBasis',
  'serviceUnits',
  'passageCrossingIds',
] as const satisfies ReadonlyArray<keyof BilledFacts>;

/** The live line of a crossing as stored, what a new charge is compared with. */
export interface LiveLine extends BilledFacts {
  lineId: number;
  /** The line's key: the crossing, or the passage id (its first crossing). */
  crossingId: string;
  revision: number;
  /**
   * The latest calculation that billed these facts: the line's own `calculatedAt`, or a
   * later one of a charge that billed them again unchanged (`confirmed_at`).
   */
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
  /**
   * Live lines a later calculation billed again unchanged: nothing is written but their
   * latest calculation, which an older charge must not beat.
   */
  confirmed: Array<{ lineId: number; calculatedAt: number }>;
}

const REASON_CODE = /^([A-Z][A-Z0-9_]*):/;
const PROVISIONAL = 'CROSSING_NOT_FINAL';

/** The code of a reason (`CODE: detail`), or the reason itself when it has none. */
export function reasonCodeOf(reason: string | null): string | null {
  if (reason === null) return null;
  return REASON_CODE.exec(reason)?.[1] ?? reason;
}

/** What a charge bills: EXEMPT bills 0, UNPRICED and UNKNOWN bill nothing yet (null). */
function billedAmount(charge: ChargeCalculated): number | null {
  if (charge.status === 'PRICED') return charge.amount?.amountMinor ?? null;
  if (charge.status === 'EXEMPT') return 0;
  return null;
}

export function billedFactsOf(charge: ChargeCalculated): BilledFacts {
  return {
    status: charge.status,
    reasonCode: reasonCodeOf(charge.reason),
    exemptionCode: charge.exemptionCode,
    amountMinor: billedAmount(charge),
    currency: charge.amount?.currency ?? null,
    tariffVersion: charge.tariffVersion ?? '',
    operatorIcao: charge.operatorIcao,
    callsign: charge.callsign,
    aircraftType: charge.aircraftType,
    firId: charge.firId,
    chargingZone: charge.chargingZone || null,
    flightDate: charge.flightDate,
    tariffMonth: charge.tariffMonth,
    distanceKm: charge.distanceKm,
    distanceBasis: charge.distanceBasis,
    serviceUnits: charge.serviceUnits,
    passageCrossingIds: charge.passage?.crossingIds ?? null,
  };
}

/** The facts as one string: equal exactly when the facts are. */
function factsKey(facts: BilledFacts): string {
  return JSON.stringify(FACT_FIELDS.map((field) => facts[field]));
}

/**
 * Where a calculation stands in the total order of a crossing's calculations: a FINAL
 * crossing's charge beats a PROVISIONAL one's, then the later `calculatedAt` wins, then
 * the greater facts key, then the greater line key (only two lines of different keys that
 * claim one crossing can get that far). Two calculations of one key that rank equal bill
 * the same facts.
 */
interface Rank {
  final: boolean;
  calculatedAt: number;
  facts: string;
  key: string;
}

function rankOf(facts: BilledFacts, calculatedAt: number, key: string): Rank {
  return {
    final: facts.reasonCode !== PROVISIONAL,
    calculatedAt,
    facts: factsKey(facts),
    key,
  };
}

function compareRanks(a: Rank, b: Rank): number {
  if (a.final !== b.final) return a.final ? 1 : -1;
  if (a.calculatedAt !== b.calculatedAt) return a.calculatedAt < b.calculatedAt ? -1 : 1;
  if (a.facts !== b.facts) return a.facts < b.facts ? -1 : 1;
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return 0;
}

/** The crossings a line or charge bills: its passage's, and its own key. */
function claimsOf(key: string, passageCrossingIds: readonly string[] | null): string[] {
  return [...new Set([key, ...(passageCrossingIds ?? [])])];
}

/** A line live while the run is planned: stored, or planned in this run. */
interface Held {
  key: string;
  rank: Rank;
  claims: string[];
  /** The stored line, when it is one. */
  stored: LiveLine | null;
}

/**
 * Decides, for a run of valid charges, which lines to write. The rule, which makes
 * redelivery idempotent at the level of documents:
 *
 * - Each line key (a crossing, or a passage by its first crossing) keeps the line of its
 *   greatest charge in one total order: a FINAL crossing's charge beats a PROVISIONAL one's
 *   (reason code `CROSSING_NOT_FINAL`), then the later `calculatedAt`, then a deterministic
 *   tie-break on the billed facts. So a PROVISIONAL charge never replaces a line made from
 *   a FINAL crossing's charge, whenever it was calculated.
 * - A charge that wins but bills the same facts (`BilledFacts`) as the live line is a
 *   no-op for documents: no line, no invoice, no credit note; only the line's latest
 *   calculation moves (`confirmed`), so that an older, different charge arriving after it
 *   still loses. A charge that loses writes nothing.
 * - A charge that wins with other facts replaces the live line (a new revision), with a
 *   credit note when that line was already invoiced.
 * - A passage's charge also takes over the live lines of other keys that bill one of its
 *   crossings (`absorbed`), when it outranks them; a charge that a live line of another key
 *   outranks on a shared crossing (a crossing's charge already billed in a passage) writes
 *   nothing.
 *
 * The charges are applied from the greatest down, so a run writes at most one line per key
 * and the outcome does not depend on their order in the run. The live lines that result
 * are those of the greatest charges whatever the batching and the order of arrival, provided
 * that of two charges that bill a common crossing the greater bills every crossing of the
 * lesser (a passage and its crossings' own charges, a passage that grew). A greater charge
 * that bills only part of a lesser line's crossings (a passage that shrank, two passages
 * overlapping in part) supersedes that line, and its other crossings stay unbilled until
 * charged again.
 *
 * Billed facts: see `BilledFacts`; the services/invoice-writer README lists them.
 */
export function planLines(
  live: ReadonlyMap<string, LiveLine>,
  charges: ReadonlyArray<{ charge: ChargeCalculated; offset: number }>,
): LinePlan {
  const held = new Map<string, Held>();
  /** crossing → the keys of the held lines that bill it. */
  const billedBy = new Map<string, Set<string>>();
  const hold = (line: Held) => {
    held.set(line.key, line);
    for (const crossing of line.claims) {
      const keys = billedBy.get(crossing) ?? new Set();
      keys.add(line.key);
      billedBy.set(crossing, keys);
    }
  };
  const release = (line: Held) => {
    held.delete(line.key);
    for (const crossing of line.claims) billedBy.get(crossing)?.delete(line.key);
  };
  for (const line of live.values())
    hold({
      key: line.crossingId,
      rank: rankOf(line, line.calculatedAt, line.crossingId),
      claims: claimsOf(line.crossingId, line.passageCrossingIds),
      stored: line,
    });

  const ranked = charges
    .map(({ charge, offset }) => {
      const facts = billedFactsOf(charge);
      return { charge, offset, facts, rank: rankOf(facts, charge.calculatedAt, charge.crossingId) };
    })
    .sort((a, b) => compareRanks(b.rank, a.rank) || a.offset - b.offset);

  const plan: LinePlan = { inserts: [], replaced: [], absorbed: [], confirmed: [] };
  for (const { charge, offset, facts, rank } of ranked) {
    const key = charge.crossingId;
    const own = held.get(key);
    if (own && compareRanks(rank, own.rank) <= 0) continue;
    const claims = claimsOf(key, facts.passageCrossingIds);
    const others = new Set<Held>();
    for (const crossing of claims)
      for (const other of billedBy.get(crossing) ?? [])
        if (other !== key) others.add(held.get(other)!);
    // A line of another key that bills one of these crossings and outranks the charge.
    if ([...others].some((other) => compareRanks(rank, other.rank) < 0)) continue;

    // The charge wins. Lines planned in this run outrank it (greatest first): only stored
    // lines can lose to it.
    for (const other of others) {
      release(other);
      if (other.stored)
        plan.absorbed.push({
          old: other.stored,
          credit: other.stored.invoiceId !== null,
          by: key,
        });
    }
    if (own?.stored && own.rank.facts === rank.facts) {
      plan.confirmed.push({ lineId: own.stored.lineId, calculatedAt: charge.calculatedAt });
      own.rank = rank;
      continue;
    }
    let revision = 1;
    if (own) {
      release(own);
      if (own.stored) {
        plan.replaced.push({ old: own.stored, credit: own.stored.invoiceId !== null });
        revision = own.stored.revision + 1;
      }
    }
    plan.inserts.push({
      charge,
      revision,
      tariffVersion: facts.tariffVersion,
      amountMinor: facts.amountMinor,
      offset,
    });
    hold({ key, rank, claims, stored: null });
  }
  return plan;
}
