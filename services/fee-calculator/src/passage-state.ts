import { type ChangelogCodec, ChangelogPartition, type KeyedState } from '@overfly/changelog';
import {
  type AssemblerClock,
  type CrossingInput,
  type FlightPassages,
  PassageAssembler,
  type ZonePassage,
} from '@overfly/charges';
import type {
  FeeCalculatorStateRecord,
  FirCrossing,
  FlightPassagesState,
  PassageCrossing,
  PassageState,
} from '@overfly/schemas';

/** What a changelog record carries: a flight's passages, or the partition's clock. */
export interface CalculatorState {
  flight: FlightPassagesState | null;
  meta: AssemblerClock | null;
}

const calculatorStateCodec: ChangelogCodec<CalculatorState, FeeCalculatorStateRecord> = {
  wrap: (inputOffset, state) => ({
    inputOffset,
    flight: state?.flight ?? null,
    meta: state?.meta ?? null,
  }),
  unwrap: (record) => ({
    inputOffset: record.inputOffset,
    state: record.flight || record.meta ? { flight: record.flight, meta: record.meta } : null,
  }),
};

const toStored = (c: CrossingInput): PassageCrossing => ({
  crossingId: c.crossingId,
  flightId: c.flightId,
  icao24: c.icao24,
  callsign: c.callsign,
  firId: c.firId,
  firName: c.firName,
  entryTime: c.entryTime,
  exitTime: c.exitTime,
  entryLatitude: c.entryLatitude,
  entryLongitude: c.entryLongitude,
  exitLatitude: c.exitLatitude,
  exitLongitude: c.exitLongitude,
  greatCircleDistanceKm: c.greatCircleDistanceKm,
  flownDistanceKm: c.flownDistanceKm,
  departureAirport: c.departureAirport,
  arrivalAirport: c.arrivalAirport,
  status: c.status,
  sequence: c.sequence,
  source: c.source,
  exitReason: c.exitReason,
  nextFirId: c.nextFirId,
});

/** The symbols are fir.crossings' own: written from a validated crossing, read back as such. */
const fromStored = (c: PassageCrossing): CrossingInput => ({
  ...c,
  status: c.status as FirCrossing['status'],
  source: c.source as FirCrossing['source'],
  exitReason: c.exitReason as FirCrossing['exitReason'],
});

const passageToStored = (p: ZonePassage): PassageState => ({
  passageId: p.passageId,
  flightId: p.flightId,
  icao24: p.icao24,
  callsign: p.callsign,
  zone: p.zone,
  crossings: p.crossings.map(toStored),
});

const passageFromStored = (p: PassageState): ZonePassage => ({
  ...p,
  crossings: p.crossings.map(fromStored),
});

function flightToStored(f: FlightPassages): FlightPassagesState {
  return {
    flightId: f.flightId,
    icao24: f.icao24,
    open: f.open && passageToStored(f.open),
    closed: f.closed.map(passageToStored),
    lastExitTime: f.lastExitTime,
  };
}

function flightFromStored(f: FlightPassagesState): FlightPassages {
  return {
    flightId: f.flightId,
    icao24: f.icao24,
    open: f.open && passageFromStored(f.open),
    closed: f.closed.map(passageFromStored),
    lastExitTime: f.lastExitTime,
  };
}

/** The passage assembler seen as keyed state (keys: flightId), its clock as the meta. */
function assemblerState(assembler: PassageAssembler): KeyedState<CalculatorState> {
  return {
    dirty: () => assembler.dirty(),
    ended: () => assembler.forgotten(),
    clearDirty: () => assembler.clearDirty(),
    exportState: (flightId) => {
      const flight = assembler.exportState(flightId);
      return flight && { flight: flightToStored(flight), meta: null };
    },
    importState: (_flightId, state) => {
      if (state.flight) assembler.importState(flightFromStored(state.flight));
    },
    exportMeta: () => ({ flight: null, meta: assembler.exportMeta() }),
    importMeta: (state) => {
      if (state.meta) assembler.importMeta(state.meta);
    },
  };
}

/**
 * One fir.crossings partition's passages, made durable by @overfly/changelog (per-flight
 * input offsets, markers for forgotten flights, the partition's clock under '~meta').
 */
export class PassagePartition extends ChangelogPartition<
  CalculatorState,
  FeeCalculatorStateRecord
> {
  readonly assembler: PassageAssembler;

  constructor(
    partition: number,
    groupId: string,
    options: { zoneOf: (firId: string) => string | null; retentionMs: number },
  ) {
    const assembler = new PassageAssembler(options);
    super({
      partition,
      group: groupId,
      state: assemblerState(assembler),
      codec: calculatorStateCodec,
    });
    this.assembler = assembler;
  }

  /** Feeds one crossing unless the restored state already holds it; the passages it ended. */
  accept(offset: number, crossing: CrossingInput): ZonePassage[] {
    const ended: ZonePassage[] = [];
    this.absorb(offset, crossing.flightId, () => ended.push(...this.assembler.accept(crossing)));
    return ended;
  }
}
