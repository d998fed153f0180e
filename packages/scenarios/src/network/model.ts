/**
 * The airline network of a network scenario, compiled: what was planned (schedule, rotations,
 * bookings), what actually happened (each leg's outcome, the weather), and what the scenario
 * injected on purpose (its ground truth). One `NetworkDay` tells one story to every reader:
 * flight-producer's simulate mode flies its legs, ops-feed's mock mode serves its schedules,
 * weather and manifests, and the disruption tests score the correlator against its truth.
 *
 * Times are UTC epoch milliseconds. Airports are ICAO codes, airlines ICAO designators.
 * Nothing here is real traffic: the network is Overfly's own, seeded and deterministic.
 */
import type { CabinClass, LoyaltyTier, Money } from '@overfly/schemas';

/** A major airport of the network and what it can handle. */
export interface NetworkAirport {
  icao: string;
  iata: string;
  name: string;
  lat: number;
  lon: number;
  /** Runway movements (arrivals + departures) the airport handles in an hour. */
  capacityPerHour: number;
  /** Minimum connecting time between two legs at this airport, in minutes. */
  minimumConnectionMinutes: number;
}

export interface NetworkAirline {
  /** ICAO designator, also the callsign prefix (`DLH`). */
  icao: string;
  /** IATA designator, the prefix of flight numbers (`LH`). */
  iata: string;
  name: string;
  hubs: readonly string[];
}

export interface NetworkAircraft {
  icao24: string;
  registration: string;
  /** ICAO type designator (`A320`). */
  type: string;
  operatorIcao: string;
  seats: number;
}

/** One scheduled leg, as the airline planned it before the day began. */
export interface ScheduledLeg {
  /** `<flightNumber>-<yyyymmdd of scheduled departure, UTC>-<departureAirport>` (`LH1234-20240917-EDDF`). */
  scheduleId: string;
  /** IATA airline code and number (`LH1234`). */
  flightNumber: string;
  operatorIcao: string;
  /** The ATC callsign the track will carry (`DLH1234`). */
  callsign: string;
  icao24: string;
  registration: string;
  aircraftType: string;
  departureAirport: string;
  arrivalAirport: string;
  /** Off-block and on-block, as scheduled. */
  scheduledDeparture: number;
  scheduledArrival: number;
  /** The leg that brings the same aircraft in (its rotation); null for its first leg of the day. */
  inboundScheduleId: string | null;
  /** The cruise flight level planned (and flown by the simulation), e.g. 350. */
  cruiseFl: number;
}

/** A track anomaly the simulated flight flies (the engine's scripted events). */
export type TrackAnomaly =
  | { type: 'diversion'; at: number; to: string }
  | { type: 'return_to_origin'; at: number }
  | { type: 'holding'; durationMs: number }
  | { type: 'go_around' };

/** What happened to one leg: the scenario's truth, revealed to feeds as time passes. */
export interface LegOutcome {
  scheduleId: string;
  status: 'OPERATED' | 'CANCELLED' | 'DIVERTED' | 'RETURNED';
  /** Off-block and on-block as flown; null when cancelled (and on-block null when diverted). */
  actualDeparture: number | null;
  actualArrival: number | null;
  /** Where it landed when not at its scheduled arrival airport. */
  landedAt: string | null;
  /** IATA delay code (AHM 730), e.g. '71' departure station weather; null when on time. */
  delayCode: string | null;
  /** Minutes late at off-block, and what part of them the inbound leg caused (reactionary). */
  departureDelayMinutes: number;
  reactionaryMinutes: number;
  /** When the airline announced the delay, cancellation or diversion (the feed shows it from then). */
  announcedAt: number | null;
  anomalies: readonly TrackAnomaly[];
  /** Ids of the injected disruptions that caused this outcome ([] when on time by nature). */
  causes: readonly string[];
}

export type SpecialAssistanceCode = 'WCHR' | 'WCHC' | 'BLND' | 'DEAF' | 'UMNR' | 'INFT' | 'MEDA';

export interface NetworkPassenger {
  /** Pseudonymous, stable across the legs of the booking. */
  passengerId: string;
  cabinClass: CabinClass;
  loyaltyTier: LoyaltyTier;
  /** Ticket price of each leg, in order. */
  fares: readonly Money[];
  specialAssistance: readonly SpecialAssistanceCode[];
  /** BCP 47 language tag for messages (`de`, `fr`, `en`). */
  language: string;
  /** Opaque reference the notifier resolves to contact details; null when not contactable. */
  contactRef: string | null;
}

export interface NetworkBooking {
  bookingId: string;
  /** scheduleIds in travel order: one leg, or a connection through a hub. */
  itinerary: readonly string[];
  passengers: readonly NetworkPassenger[];
  /** When the booking was made; manifests taken before it do not show it. */
  bookedAt: number;
}

/** A METAR or SPECI as the weather service publishes it (raw ICAO text). */
export interface WeatherReport {
  stationIcao: string;
  observedAt: number;
  kind: 'METAR' | 'SPECI';
  rawText: string;
}

/** A TAF as the weather service publishes it (raw ICAO text). */
export interface ForecastReport {
  stationIcao: string;
  issuedAt: number;
  validFrom: number;
  validTo: number;
  rawText: string;
}

/** Pattern names of the ground truth; the correlator's disruption types and track anomalies. */
export type InjectedPattern =
  | 'DELAY'
  | 'CASCADING_DELAY'
  | 'WEATHER_IMPACT'
  | 'AIRPORT_CONGESTION'
  | 'AIRLINE_WIDE'
  | 'NETWORK_EFFECT'
  | 'CANCELLATION'
  | 'DIVERSION'
  | 'RETURN_TO_ORIGIN'
  | 'HOLDING'
  | 'GO_AROUND';

/** One disruption the scenario injected on purpose: what a correlator should find. */
export interface InjectedDisruption {
  /** Stable within the scenario (`weather-EDDF-1`). */
  id: string;
  pattern: InjectedPattern;
  /** Major (an operations controller must act) or minor (noise a correlator may ignore). */
  major: boolean;
  airportIcao: string | null;
  operatorIcao: string | null;
  windowStart: number;
  windowEnd: number;
  /** The legs it affects (for a cascade: root first, then along the rotation). */
  scheduleIds: readonly string[];
  /** Why, in a sentence, for test output and docs. */
  description: string;
}

/**
 * A flight without passengers that brings an aircraft back into its rotation: after a
 * diversion, from where it landed to where its next leg leaves. It flies in the simulation
 * (same icao24) but is in no schedule.
 */
export interface PositioningFlight {
  icao24: string;
  operatorIcao: string;
  callsign: string;
  aircraftType: string;
  departureAirport: string;
  arrivalAirport: string;
  /** Off-block and on-block. */
  departure: number;
  arrival: number;
  cruiseFl: number;
  /** The diverted leg it follows. */
  afterScheduleId: string;
}

export interface NetworkDay {
  name: string;
  description: string;
  seed: number;
  start: number;
  end: number;
  airports: readonly NetworkAirport[];
  airlines: readonly NetworkAirline[];
  aircraft: readonly NetworkAircraft[];
  /** Sorted by scheduled departure, then scheduleId. */
  legs: readonly ScheduledLeg[];
  outcomes: ReadonlyMap<string, LegOutcome>;
  /** Sorted by departure. */
  positioning: readonly PositioningFlight[];
  bookings: readonly NetworkBooking[];
  /** Sorted by observedAt, then station: every airport's half-hourly METAR plus SPECIs. */
  weather: readonly WeatherReport[];
  forecasts: readonly ForecastReport[];
  groundTruth: readonly InjectedDisruption[];
}
