/**
 * Back-billing's core: recorded trajectories → FIR crossings (the fir-analyser's engine,
 * rows in time order) → charging-zone passages (fee-calculator's assembler) → charges
 * (its pricing), each priced at the recording's own date with the tariff of that month.
 */
import {
  PassageAssembler,
  type PricingSetup,
  pricePassage,
  type ZonePassage,
} from '@overfly/charges';
import type { AirportIndex, FirLayer } from '@overfly/geo';
import type { ChargeCalculated } from '@overfly/schemas';
import { type CrossingRecord, crossingsOf, type TrackConfig } from '@overfly/tracking';
import {
  openTrajectory,
  positionsInTimeOrder,
  type RowRejection,
  type TrajectoryFile,
} from '@overfly/trajectories';

export interface BackbillResult {
  charges: ChargeCalculated[];
  passages: ZonePassage[];
  positions: number;
  invalidRows: number;
  rejectedByEngine: number;
}

export async function chargesOfRecordings(
  paths: readonly string[],
  deps: { layer: FirLayer; airports: AirportIndex; track?: Partial<TrackConfig> },
  pricing: PricingSetup,
  options: { calculatedAt: number; onInvalid?: (path: string, row: RowRejection) => void },
): Promise<BackbillResult> {
  const files: TrajectoryFile[] = [];
  for (const path of paths) files.push(await openTrajectory(path, { maxBackwardsMs: null }));
  let invalidRows = 0;
  const latest = new Map<string, CrossingRecord>();
  const { rows, rejected } = await crossingsOf(
    positionsInTimeOrder(files, (path, row) => {
      invalidRows++;
      options.onInvalid?.(path, row);
    }),
    { layer: deps.layer, airports: deps.airports },
    { crossing: (c) => latest.set(c.crossingId, c), event: () => {} },
    deps.track ? { track: deps.track } : {},
  );
  const finals = [...latest.values()]
    .filter((c) => c.status === 'FINAL')
    .sort((a, b) =>
      a.flightId < b.flightId ? -1 : a.flightId > b.flightId ? 1 : a.sequence - b.sequence,
    );
  const assembler = new PassageAssembler({
    zoneOf: (firId) => pricing.tariff.zoneOf(firId)?.zone ?? null,
  });
  const passages = [...finals.flatMap((c) => assembler.accept(c)), ...assembler.flush()];
  const arrivals = new Map<string, { dep: string | null; arr: string | null }>();
  for (const c of finals) {
    const known = arrivals.get(c.flightId) ?? { dep: null, arr: null };
    arrivals.set(c.flightId, {
      dep: c.departureAirport ?? known.dep,
      arr: c.arrivalAirport ?? known.arr,
    });
  }
  const ctx = { ...pricing, options: { ...pricing.options, calculatedAt: options.calculatedAt } };
  const charges = passages.map((p) => {
    const flight = arrivals.get(p.flightId);
    return pricePassage(
      p,
      { departureAirport: flight?.dep ?? null, arrivalAirport: flight?.arr ?? null },
      ctx,
    );
  });
  return { charges, passages, positions: rows, invalidRows, rejectedByEngine: rejected };
}
