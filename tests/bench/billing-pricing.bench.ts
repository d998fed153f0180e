/**
 * pnpm bench:billing:pricing — crossings/s through packages/charges' pricing core, one
 * thread, two ways in the same run:
 *   per crossing  — priceCrossing on every FINAL crossing (how fee-calculator priced before
 *                   charging-zone passages: the baseline);
 *   passages      — validateCrossing, PassageAssembler.accept in arrival order, then
 *                   pricePassage for every passage that ends (what fee-calculator does now).
 * Input: real crossings (the Swiss sample's, from the tracking engine) priced with the
 * bundled tariff and aircraft tables, and the same crossings moved into French FIRs in
 * January 2022 so most of them are PRICED (the path that does the arithmetic). The figure
 * compared is crossings consumed per second; charges written per round are printed beside
 * it (passages write fewer). Printed, not asserted.
 */
import {
  type CrossingInput,
  defaultAircraftTables,
  defaultTariff,
  PassageAssembler,
  type PricingContext,
  priceCrossing,
  pricePassage,
  validateCrossing,
} from '@overfly/charges';
import { defaultAirports, defaultFirLayer } from '@overfly/geo';
import { type CrossingRecord, TrackEngine } from '@overfly/tracking';
import { readTrajectory } from '@overfly/trajectories';
import { dataFile } from '../support/data-files.js';

const swiss = dataFile('trajectories/switzerland.json.gz');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 50);

const crossings: CrossingRecord[] = [];
const engine = new TrackEngine({ layer: defaultFirLayer(), airports: defaultAirports() });
const out = { crossing: (c: CrossingRecord) => crossings.push(c), event: () => {} };
const positions = [];
for await (const row of readTrajectory(swiss, { maxBackwardsMs: null }))
  if (row.ok) positions.push(row.position);
positions.sort((a, b) => a.positionTime - b.positionTime);
for (const p of positions) engine.ingest(p, out);
engine.flush(out);
// Arrival order on fir.crossings: a crossing is written when it ends.
const finals = crossings
  .filter((c) => c.status === 'FINAL')
  .sort((a, b) => (a.exitTime ?? a.entryTime) - (b.exitTime ?? b.entryTime));

// The same crossings in January 2022 (a month the bundled tariff prices), every FIR outside
// France renamed to a French one, flown by a type the tables know (A319): the priced path —
// zone, rate, weight factor, rounding — is what gets measured, and passages span FIRs.
const FRENCH = ['LFEE', 'LFFF', 'LFMM', 'LFRR', 'LFBB'];
const french = (fir: string | null): string | null =>
  fir === null || fir.startsWith('LF')
    ? fir
    : (FRENCH[[...fir].reduce((h, ch) => h + ch.charCodeAt(0), 0) % FRENCH.length] ?? 'LFEE');
const shiftMs = Date.UTC(2022, 0, 10) - (finals[0]?.entryTime ?? 0);
const priced = finals.map((c) => ({
  ...c,
  firId: french(c.firId) ?? 'LFEE',
  nextFirId: french(c.nextFirId),
  icao24: '3946e9',
  callsign: 'AFR91HL',
  entryTime: c.entryTime + shiftMs,
  exitTime: c.exitTime === null ? null : c.exitTime + shiftMs,
}));

const ctx: PricingContext = {
  tariff: defaultTariff(),
  aircraft: defaultAircraftTables(),
  options: { distanceBasis: 'GREAT_CIRCLE', calculatedAt: 0 },
};
const factsOf = (c: CrossingInput) => ({
  departureAirport: c.departureAirport,
  arrivalAirport: c.arrivalAirport,
});

type Way = (input: CrossingInput[], tally: Map<string, number> | null) => number;

const perCrossing: Way = (input, tally) => {
  let sink = 0;
  for (const c of input) {
    const charge = priceCrossing(c, factsOf(c), ctx);
    sink += charge.weightFactor ?? 1;
    tally?.set(charge.status, (tally.get(charge.status) ?? 0) + 1);
  }
  return sink;
};

const byPassage: Way = (input, tally) => {
  const assembler = new PassageAssembler({
    zoneOf: (firId) => ctx.tariff.zoneOf(firId)?.zone ?? null,
  });
  let sink = 0;
  const price = (passages: ReturnType<PassageAssembler['accept']>) => {
    for (const passage of passages) {
      const first = passage.crossings[0];
      if (!first) continue;
      const charge = pricePassage(passage, factsOf(first), ctx);
      sink += charge.weightFactor ?? 1;
      tally?.set(charge.status, (tally.get(charge.status) ?? 0) + 1);
    }
  };
  for (const c of input) {
    validateCrossing(c);
    price(assembler.accept(c));
  }
  price(assembler.flush());
  return sink;
};

/** Crossings consumed per second by `way` over ROUNDS rounds of `input`. */
function measure(way: Way, input: CrossingInput[]): number {
  way(input, null); // warm-up: the same code paths JIT-compiled for both ways
  const started = performance.now();
  let sink = 0;
  for (let r = 0; r < ROUNDS; r++) sink += way(input, null);
  const seconds = (performance.now() - started) / 1000;
  if (sink === 0) throw new Error('nothing priced');
  return (input.length * ROUNDS) / seconds;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const summary = (tally: Map<string, number>) =>
  [...tally].map(([s, n]) => `${fmt(n)} ${s}`).join(', ');

function compare(label: string, input: CrossingInput[]): void {
  const crossingTally = new Map<string, number>();
  const passageTally = new Map<string, number>();
  perCrossing(input, crossingTally);
  byPassage(input, passageTally);
  // Interleaved, best of three each, so a noisy neighbour hits both ways alike.
  const base: number[] = [];
  const passages: number[] = [];
  for (let i = 0; i < 3; i++) {
    base.push(measure(perCrossing, input));
    passages.push(measure(byPassage, input));
  }
  const b = Math.max(...base);
  const p = Math.max(...passages);
  const ratio = p / b;
  console.log(`\n${label}: ${fmt(input.length)} FINAL crossings`);
  console.log(
    `  per crossing (baseline) ${fmt(b).padStart(10)} crossings/s   charges per round: ${summary(crossingTally)}`,
  );
  console.log(
    `  passages                ${fmt(p).padStart(10)} crossings/s   charges per round: ${summary(passageTally)}`,
  );
  console.log(
    `  passages / per crossing  ${ratio.toFixed(2)}   goal ≥ 0.90: ${ratio >= 0.9 ? 'met' : 'NOT met'}`,
  );
}

console.log(
  `bench:billing:pricing — the Swiss sample's crossings, ${ROUNDS} rounds × best of 3, one thread`,
);
compare('as recorded (2018, no rate: UNPRICED)', finals);
compare('in French FIRs, January 2022 (PRICED)', priced);
