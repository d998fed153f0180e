/**
 * One passenger's booking as the assessment reads it, and what it answers. Times are UTC epoch
 * milliseconds (the JSON input gives ISO 8601 with a zone; input.ts converts). Airports are
 * ICAO codes, carriers ICAO designators. README.md documents each field and the rules.
 */
import type { Money } from '@overfly/schemas';

/** What happened to the flight itself (the airline's status), not to the passenger. */
export type LegStatus = 'OPERATED' | 'CANCELLED' | 'DIVERTED';

/**
 * Whether the passenger was denied boarding on the leg (Art. 2(j), Art. 4): against their will,
 * as a volunteer (Art. 4(1)), or on reasonable grounds such as health, safety, security or
 * inadequate travel documents (Art. 2(j)), which is not denied boarding in the Regulation's sense.
 */
export type DeniedBoarding = 'NONE' | 'INVOLUNTARY' | 'VOLUNTARY' | 'REASONABLE_GROUNDS';

/** Why the leg was late, cancelled or diverted, as the carrier (or the correlator) states it. */
export const CAUSE_KINDS = [
  'WEATHER',
  'ATC',
  'SECURITY',
  'POLITICAL',
  'BIRD_STRIKE',
  'EXTERNAL_STRIKE',
  'UNRULY_PASSENGER',
  'TECHNICAL',
  'OWN_STAFF_STRIKE',
  'CREW_SHORTAGE',
  'OPERATIONAL',
  'UNKNOWN',
] as const;

export type CauseKind = (typeof CAUSE_KINDS)[number];

export interface Cause {
  kind: CauseKind;
  /** What shows it: ids of weather observations, ATC slot messages, disruption events… */
  evidence: readonly string[];
  note: string | null;
}

export interface Carrier {
  /** ICAO designator (`DLH`). */
  icao: string;
  /**
   * A Community carrier (Art. 2(c)): holds an operating licence of a Member State (Regulation
   * (EC) No 1008/2008); the EEA and Swiss agreements extend this to their carriers.
   */
  community: boolean;
}

export interface Leg {
  flightNumber: string;
  operatingCarrier: Carrier;
  from: string;
  to: string;
  scheduledDeparture: number;
  scheduledArrival: number;
  /** Off-block; null when unknown or the leg did not depart. */
  actualDeparture: number | null;
  /** When a door opened at the gate (Germanwings, C-452/13); null when it did not arrive there. */
  actualArrival: number | null;
  status: LegStatus;
  /** When the passenger was told of the cancellation; null when not proven (Art. 5(4)). */
  cancellationNoticeAt: number | null;
  deniedBoarding: DeniedBoarding;
  /**
   * The passenger missed the next leg because this one was late, although the times alone do
   * not show it (it arrived before the next departed, but too late to make the connection).
   */
  missedConnection: boolean;
  cause: Cause | null;
}

/**
 * How the passenger was taken on to the final destination after the disruption (Art. 8(1)(b)):
 * an alternative flight, or ground transport after a diversion. `departure` and `arrival` as
 * offered; `actualArrival` when a door opened at the final destination, if known.
 */
export interface Rerouting {
  flightNumber: string | null;
  departure: number;
  arrival: number;
  actualArrival: number | null;
}

export interface Itinerary {
  bookingRef: string | null;
  /** In travel order; each leg leaves from where the one before arrives. */
  legs: readonly Leg[];
  rerouting: Rerouting | null;
  /**
   * For a departure from a third country: the passenger received benefits or compensation and
   * assistance under that country's law (Art. 3(1)(b) then does not apply).
   */
  thirdCountryRedress: boolean;
}

/** Art. 7(1): (a) €250, (b) €400, (c) €600. */
export type Band = 'A' | 'B' | 'C';

export type DisruptionKind =
  | 'NONE'
  | 'DELAY'
  | 'MISSED_CONNECTION'
  | 'CANCELLATION'
  | 'DIVERSION'
  | 'DENIED_BOARDING';

export type ReasoningTopic =
  | 'SCOPE'
  | 'DISTANCE'
  | 'BAND'
  | 'DISRUPTION'
  | 'DELAY'
  | 'CANCELLATION'
  | 'DENIED_BOARDING'
  | 'EXTRAORDINARY'
  | 'CARE'
  | 'REDUCTION'
  | 'AMOUNT';

/** One step of the reasoning, in the order it was taken. */
export interface ReasoningStep {
  topic: ReasoningTopic;
  /** The article(s) and judgment(s) the step rests on (`Art. 7(1)(b)`, `C-559/16 Bossen`). */
  basis: readonly string[];
  text: string;
}

export interface Eu261Assessment {
  /** Compensation under Art. 7 is owed. */
  eligible: boolean;
  /** What is owed in EUR minor units, after the Art. 7(2) reduction; 0 when not eligible. */
  amount: Money;
  /** Art. 7(1)'s amount for the band, before any reduction. */
  bandAmount: Money;
  band: Band;
  inScope: boolean;
  /** Both ends in the territory the Regulation covers (Art. 7(1)(b) "intra-Community"). */
  intraCommunity: boolean;
  /** Great circle, first departure to final destination, rounded to the metre. */
  distanceKm: number;
  disruption: DisruptionKind;
  /** Index in `legs` of the leg the disruption arose on; null when there was none. */
  disruptedLeg: number | null;
  /** Door-open arrival at the final destination minus the scheduled one; null when unknown. */
  arrivalDelayMinutes: number | null;
  reductionApplied: boolean;
  /** The cause counts as extraordinary circumstances (Art. 5(3)). */
  extraordinary: boolean;
  /** The cause of the disrupted leg, with its evidence; null when no leg was disrupted. */
  cause: Cause | null;
  reasoning: readonly ReasoningStep[];
}
