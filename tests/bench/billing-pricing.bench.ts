/**
 * pnpm bench:billing:pricing — charges/s through packages/charges' pricing core, one
 * thread: real crossings (the Swiss sample's, from the tracking engine) priced with the
 * bundled tariff and aircraft tables, plus the same crossings moved into France in 2022
 * so most of them are PRICED (the path that does the arithmetic). Printed, not asserted.
 */
import {
  defaultAircraftTables,
  defaultTariff,
  type PricingContext,
  priceCrossing,
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
const finals = crossings.filter((c) => c.status === 'FINAL');
// The same crossings in LFEE in January 2022, by an aircraft type the tables know (A319),
// so the priced path — zone, rate, weight factor, rounding — is what gets measured.
const jan2022 = Date.UTC(2022, 0, 10);
const priced = finals.map((c) => ({
  ...c,
  firId: 'LFEE',
  icao24: '3946e9',
  callsign: 'AFR91HL',
  entryTime: jan2022,
  exitTime: jan2022 + 600_000,
}));

const ctx: PricingContext = {
  tariff: defaultTariff(),
  aircraft: defaultAircraftTables(),
  options: { distanceBasis: 'GREAT_CIRCLE', calculatedAt: 0 },
};

function rate(label: string, input: CrossingRecord[]): void {
  const statuses = new Map<string, number>();
  for (const c of input) {
    const s = priceCrossing(
      c,
      { departureAirport: c.departureAirport, arrivalAirport: c.arrivalAirport },
      ctx,
    ).status;
    statuses.set(s, (statuses.get(s) ?? 0) + 1);
  }
  const started = performance.now();
  let sink = 0;
  for (let r = 0; r < ROUNDS; r++) {
    for (const c of input) {
      const charge = priceCrossing(
        c,
        { departureAirport: c.departureAirport, arrivalAirport: c.arrivalAirport },
        ctx,
      );
      sink += charge.weightFactor ?? 1;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  if (sink === 0) throw new Error('nothing priced');
  const perSecond = (input.length * ROUNDS) / seconds;
  console.log(
    `${label.padEnd(44)} ${Math.round(perSecond).toLocaleString('en-US').padStart(10)} charges/s   (${[...statuses].map(([s, n]) => `${n} ${s}`).join(', ')} per round)   goal ≥ 200,000: ${perSecond >= 200_000 ? 'met' : 'NOT met'}`,
  );
}

console.log(
  `bench:billing:pricing — ${finals.length} FINAL crossings of the Swiss sample, ${ROUNDS} rounds, one thread`,
);
rate('as recorded (2018, no rate: UNPRICED)', finals);
rate('moved to LFEE, January 2022 (PRICED)', priced);
