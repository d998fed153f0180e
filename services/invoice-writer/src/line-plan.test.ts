import type { ChargeCalculated } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { billedFactsOf, type LiveLine, planLines } from './line-plan.js';
import {
  crossingCharge,
  passageOf,
  provisional,
  sampleCharge,
  unpricedFinal,
} from './test-support/charges.js';
import { LineLedger } from './test-support/line-ledger.js';

const T = 1_741_000_000_000;

/** The live line a charge made, as line-store loads it. */
function lineOf(
  charge: ChargeCalculated,
  over: Partial<Pick<LiveLine, 'lineId' | 'revision' | 'invoiceId'>> = {},
): LiveLine {
  return {
    ...billedFactsOf(charge),
    lineId: 1,
    crossingId: charge.crossingId,
    revision: 1,
    calculatedAt: charge.calculatedAt,
    invoiceId: null,
    ...over,
  };
}

const liveOf = (...lines: LiveLine[]) => new Map(lines.map((l) => [l.crossingId, l]));
const run = (...charges: ChargeCalculated[]) =>
  charges.map((charge, offset) => ({ charge, offset }));

const priced = sampleCharge(1);
const invoiced = lineOf(priced, { lineId: 7, invoiceId: 'inv-1' });

describe('planLines: an identical charge is a no-op', () => {
  it('writes nothing for the same charge calculated again later, and keeps its calculation', () => {
    const again = { ...priced, calculatedAt: T + 60_000 };
    expect(planLines(liveOf(invoiced), run(again))).toEqual({
      inserts: [],
      replaced: [],
      absorbed: [],
      confirmed: [{ lineId: 7, calculatedAt: T + 60_000 }],
    });
  });

  it('ignores chargeId, sources, the wording of a reason and the passage geometry', () => {
    const line = lineOf(
      { ...priced, status: 'UNPRICED', amount: null, reason: 'NO_MTOW: type A320' },
      { lineId: 3 },
    );
    const again: ChargeCalculated = {
      ...priced,
      status: 'UNPRICED',
      amount: null,
      reason: 'NO_MTOW: the aircraft type has no MTOW (type A320)',
      chargeId: 'chg_other',
      mtowSource: 'another table',
      unitRateSource: 'another decree',
      calculatedAt: T + 1,
    };
    const plan = planLines(liveOf(line), run(again));
    expect(plan.inserts).toEqual([]);
    expect(plan.confirmed).toEqual([{ lineId: 3, calculatedAt: T + 1 }]);
  });

  it('writes nothing for a redelivery of the very charge (same calculatedAt)', () => {
    expect(planLines(liveOf(invoiced), run(priced, priced))).toEqual({
      inserts: [],
      replaced: [],
      absorbed: [],
      confirmed: [],
    });
  });
});

describe('planLines: a PROVISIONAL charge never replaces a FINAL one', () => {
  it('issue 10 finding 1: PROVISIONAL then identical FINAL, newer, after invoicing: no document', () => {
    const p = provisional(priced, T + 60_000);
    const f = { ...priced, calculatedAt: T + 61_000 };
    for (const charges of [run(p, f), run(f, p)]) {
      const plan = planLines(liveOf(invoiced), charges);
      expect(plan.inserts).toEqual([]);
      expect(plan.replaced).toEqual([]);
      expect(plan.confirmed).toEqual([{ lineId: 7, calculatedAt: T + 61_000 }]);
    }
    // The same in two runs, in either order.
    const ledger = new LineLedger();
    ledger.write([priced]);
    ledger.invoiceAll('inv-1');
    ledger.write([p]);
    ledger.write([f]);
    ledger.write([p]);
    expect(ledger.lines).toHaveLength(1);
    expect(ledger.credited).toEqual([]);
  });

  it('keeps a FINAL line, priced or not, against a PROVISIONAL charge calculated later', () => {
    const unpriced = lineOf(unpricedFinal(priced, T));
    for (const line of [invoiced, unpriced]) {
      const plan = planLines(liveOf(line), run(provisional(priced, T + 3_600_000)));
      expect(plan).toEqual({ inserts: [], replaced: [], absorbed: [], confirmed: [] });
    }
  });

  it('replaces a PROVISIONAL line with the FINAL charge even when that was calculated earlier', () => {
    const line = lineOf(provisional(priced, T + 5_000), { lineId: 4 });
    const f = unpricedFinal(priced, T);
    const plan = planLines(liveOf(line), run(f));
    expect(plan.replaced).toEqual([{ old: line, credit: false }]);
    expect(plan.inserts.map((l) => [l.charge, l.revision])).toEqual([[f, 2]]);
  });
});

describe('planLines: a line only when a billed fact changed', () => {
  const changes: Array<[string, Partial<ChargeCalculated>]> = [
    ['amount', { amount: { amountMinor: 1_234, currency: 'EUR' } }],
    ['currency', { amount: { amountMinor: priced.amount!.amountMinor, currency: 'CHF' } }],
    ['status', { status: 'EXEMPT', amount: null, exemptionCode: 'EXEMPT_STATE' }],
    ['tariff version', { tariffVersion: '2025-03.v2' }],
    ['distance', { distanceKm: 251 }],
    ['distance basis', { distanceBasis: 'FLOWN' }],
    ['charging zone', { chargingZone: 'LF' }],
    ['FIR', { firId: 'LFFF' }],
    ['aircraft type', { aircraftType: 'A319' }],
    ['service units (MTOW)', { serviceUnits: 3.2 }],
    ['operator', { operatorIcao: 'EZS' }],
    ['callsign', { callsign: 'EZS12' }],
    ['flight date', { flightDate: 20_149 }],
    ['tariff month', { tariffMonth: '2025-04' }],
    ['passage', { passage: passageOf([priced.crossingId]) }],
  ];
  it.each(changes)(
    'replaces the invoiced line, with a credit note, when the %s changed',
    (_, over) => {
      const changed = { ...priced, ...over, calculatedAt: T + 1 };
      const plan = planLines(liveOf(invoiced), run(changed));
      expect(plan.replaced).toEqual([{ old: invoiced, credit: true }]);
      expect(plan.inserts.map((l) => l.charge)).toEqual([changed]);
    },
  );

  it('also when only the reason code of an unpriced line changed, without a credit note', () => {
    const line = lineOf(unpricedFinal(priced, T));
    const other = {
      ...unpricedFinal(priced, T + 1),
      reason: 'UNKNOWN_AIRCRAFT_TYPE: icao24 400001',
    };
    expect(planLines(liveOf(line), run(other)).replaced).toEqual([{ old: line, credit: false }]);
  });

  it('lets an older calculation lose even after the line was confirmed by a later one', () => {
    // X at T, X again at T+3, then Y calculated at T+2 arrives last: X is the latest.
    const ledger = new LineLedger();
    ledger.write([priced]);
    ledger.write([{ ...priced, calculatedAt: T + 3 }]);
    const plan = ledger.write([
      { ...priced, amount: { amountMinor: 9, currency: 'EUR' }, calculatedAt: T + 2 },
    ]);
    expect(plan.inserts).toEqual([]);
    expect(ledger.live().map((l) => l.amountMinor)).toEqual([priced.amount!.amountMinor]);
  });
});

describe('planLines: passages', () => {
  const c1 = crossingCharge(5, 1);
  const c2 = crossingCharge(5, 2);
  const whole = {
    ...c1,
    chargeId: 'chg_5_p',
    amount: { amountMinor: 2_000, currency: 'EUR' },
    calculatedAt: T + 10,
    passage: passageOf([c1.crossingId, c2.crossingId]),
  };

  it('takes over the lines of its crossings, even a PROVISIONAL one calculated later', () => {
    const own = lineOf(c1, { lineId: 1, invoiceId: 'inv-1' });
    const other = lineOf(provisional(c2, T + 99), { lineId: 2 });
    const plan = planLines(liveOf(own, other), run(whole));
    expect(plan.replaced).toEqual([{ old: own, credit: true }]);
    expect(plan.absorbed).toEqual([{ old: other, credit: false, by: c1.crossingId }]);
  });

  it('writes nothing for a crossing charge redelivered after its passage line', () => {
    const line = lineOf(whole, { lineId: 9 });
    for (const charge of [c2, provisional(c2, T + 99), { ...c2, calculatedAt: T + 5 }])
      expect(planLines(liveOf(line), run(charge))).toEqual({
        inserts: [],
        replaced: [],
        absorbed: [],
        confirmed: [],
      });
  });
});

/** A small deterministic PRNG (mulberry32), so a failing case can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Every calculation a flight of three crossings may have had, from every version: each
 * crossing's PROVISIONAL and FINAL charges (priced, or not), redelivered with later
 * calculatedAt, and passages of it that grew ([c1], [c1,c2], [c1,c2,c3]), each calculated
 * after the charges of the crossings it bills, some in two versions.
 */
function flightCharges(flight: number, pick: () => number): ChargeCalculated[] {
  const out: ChargeCalculated[] = [];
  const ids = [1, 2, 3].map((seq) => crossingCharge(flight, seq).crossingId);
  for (const seq of [1, 2, 3]) {
    const base = crossingCharge(flight, seq);
    out.push(provisional(base, T + Math.floor(pick() * 5_000)));
    out.push(provisional(base, T + Math.floor(pick() * 5_000)));
    const final = pick() < 0.3 ? unpricedFinal(base, T) : base;
    for (let k = 0; k < 3; k++)
      out.push({ ...final, calculatedAt: T + 1_000 + Math.floor(pick() * 2_000) });
    if (pick() < 0.5)
      out.push({ ...base, amount: { amountMinor: 555, currency: 'EUR' }, calculatedAt: T + 1_500 });
  }
  for (const size of [1, 2, 3]) {
    const first = crossingCharge(flight, 1);
    for (let k = 0; k < 3; k++)
      out.push({
        ...first,
        chargeId: `chg_${flight}_p${size}`,
        amount: { amountMinor: 1_000 * size + (pick() < 0.5 ? 0 : 1), currency: 'EUR' },
        passage: passageOf(ids.slice(0, size)),
        calculatedAt: T + 10_000 * size + Math.floor(pick() * 3),
      });
  }
  return out;
}

function shuffle<X>(items: X[], pick: () => number): X[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(pick() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * The live lines by key, without what records their history (id, revision, invoice, charge
 * id): their billed facts and latest calculation must not depend on batching or order.
 */
const liveFacts = (ledger: LineLedger): Record<string, Omit<LiveLine, HistoryField>> =>
  Object.fromEntries(
    ledger
      .live()
      .sort((a, b) => a.crossingId.localeCompare(b.crossingId))
      .map(({ lineId, revision, invoiceId, chargeId, supersededBy, ...facts }) => [
        facts.crossingId,
        facts,
      ]),
  );
type HistoryField = 'lineId' | 'revision' | 'invoiceId';

describe('planLines: the live lines depend only on the set of charges', () => {
  it('issue 10 finding 2: an UNPRICED FINAL beats the UNPRICED PROVISIONAL in any batching', () => {
    const f = unpricedFinal(priced, T);
    const p = provisional(priced, T + 1_000);
    const outcomes = [[[p, f]], [[f, p]], [[p], [f]], [[f], [p]]].map((batches) => {
      const ledger = new LineLedger();
      for (const batch of batches) ledger.write(batch);
      return ledger.live().map((l) => [l.reasonCode, l.distanceKm]);
    });
    for (const outcome of outcomes) expect(outcome).toEqual([['NO_MTOW', priced.distanceKm]]);
  });

  it('gives the same live lines for 200 batchings and orders of the same charges', () => {
    const pick = random(10);
    const charges = [1, 2, 3].flatMap((flight) => flightCharges(flight, pick));
    const reference = new LineLedger();
    reference.write(charges);
    const expected = liveFacts(reference);
    // Each flight billed on its widest passage, at its latest calculation, nothing else live.
    expect(Object.values(expected).map((l) => l.passageCrossingIds?.length)).toEqual([3, 3, 3]);
    const latest = Math.max(
      ...charges
        .filter((c) => c.icao24 === '400001' && c.passage?.crossingIds.length === 3)
        .map((c) => c.calculatedAt),
    );
    expect(Object.values(expected)[0]?.calculatedAt).toBe(latest);

    for (let trial = 0; trial < 200; trial++) {
      const order = shuffle(charges, pick);
      // Redeliveries: some charges arrive again, later in the stream.
      const stream = [...order, ...order.filter(() => pick() < 0.2)];
      const ledger = new LineLedger();
      let offset = 0;
      while (offset < stream.length) {
        const size = 1 + Math.floor(pick() * (pick() < 0.5 ? 4 : 40));
        ledger.write(stream.slice(offset, offset + size), offset);
        offset += size;
        if (pick() < 0.2) ledger.invoiceAll(`inv-${offset}`);
      }
      expect(liveFacts(ledger), `trial ${trial}`).toEqual(expected);
    }
  });

  it('gives the same live lines with flights whose widest passage never came', () => {
    const pick = random(11);
    const charges = [1, 2, 3, 4]
      .flatMap((flight) => flightCharges(flight, pick))
      .filter((c) => !(c.passage && c.passage.crossingIds.length === 3 && c.icao24.endsWith('2')));
    const reference = new LineLedger();
    reference.write(charges);
    const expected = liveFacts(reference);
    // Flight 2 is billed on its passage [c1, c2] and its crossing c3 on its own.
    expect(Object.keys(expected)).toHaveLength(5);
    for (let trial = 0; trial < 200; trial++) {
      const stream = shuffle(charges, pick);
      const ledger = new LineLedger();
      for (let offset = 0; offset < stream.length; ) {
        const size = 1 + Math.floor(pick() * 12);
        ledger.write(stream.slice(offset, offset + size), offset);
        offset += size;
      }
      expect(liveFacts(ledger), `trial ${trial}`).toEqual(expected);
    }
  });
});
