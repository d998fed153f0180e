// A passenger-list export → the PassengerManifest ops-feed publishes: pseudonymous ids,
// cabin, tier, fare, connection, final destination and assistance needs. Nothing else of
// the export reaches Kafka.
import type {
  CabinClass,
  ManifestPassenger,
  PassengerManifest,
  SpecialAssistance,
} from '@overfly/schemas';
import { scheduleIdOf } from '../schedules/map-flight.js';
import type { PassengerList } from './export-format.js';
import type { Pseudonymiser } from './pseudonymise.js';

const CABINS: Record<PassengerList['passengers'][number]['cabin'], CabinClass> = {
  F: 'FIRST',
  C: 'BUSINESS',
  W: 'PREMIUM_ECONOMY',
  Y: 'ECONOMY',
};

/**
 * IATA SSR codes of assistance (IATA Resolution 700 / AIRIMP 7.1) → the schema's categories.
 * Other SSRs (meals, seats, baggage) are not assistance and are not kept.
 */
const ASSISTANCE_BY_SSR: Readonly<Record<string, SpecialAssistance>> = {
  WCHR: 'WHEELCHAIR', // can climb stairs, needs a wheelchair for distance
  WCHS: 'WHEELCHAIR', // cannot climb stairs
  WCHC: 'REDUCED_MOBILITY', // cannot walk; carried to the seat
  MAAS: 'OTHER', // meet and assist
  DPNA: 'OTHER', // intellectual or developmental disability
  BLND: 'VISUAL_IMPAIRMENT',
  DEAF: 'HEARING_IMPAIRMENT',
  UMNR: 'UNACCOMPANIED_MINOR',
  INFT: 'INFANT',
  MEDA: 'MEDICAL',
  STCR: 'MEDICAL', // stretcher
};

export function mapManifest(
  list: PassengerList,
  pseudonyms: Pseudonymiser,
  source: string,
): PassengerManifest {
  const { flight } = list;
  const carrier = flight.designator.slice(0, 2);
  const scheduleId = scheduleIdOf(flight.designator, flight.scheduledDeparture, flight.origin);
  const passengers: ManifestPassenger[] = list.passengers.map((p) => {
    const assistance = [
      ...new Set(
        p.ssr.flatMap((code) => (ASSISTANCE_BY_SSR[code] ? [ASSISTANCE_BY_SSR[code]] : [])),
      ),
    ];
    return {
      passengerId: pseudonyms.passengerId(carrier, p.pnr, p.nameNumber),
      bookingId: pseudonyms.bookingId(carrier, p.pnr),
      contactRef: p.contactRef ?? null,
      cabinClass: CABINS[p.cabin],
      loyaltyTier: p.frequentFlyer?.tier ?? 'NONE',
      fare: p.fare ? { amountMinor: p.fare.amountMinor, currency: p.fare.currency } : null,
      connection: p.onward
        ? {
            scheduleId: scheduleIdOf(p.onward.flight, p.onward.scheduledDeparture, p.onward.origin),
            flightNumber: p.onward.flight,
            departureAirport: p.onward.origin,
            scheduledDeparture: p.onward.scheduledDeparture,
            minimumConnectionMinutes: p.onward.minimumConnectionMinutes ?? null,
          }
        : null,
      finalDestinationAirport: p.finalDestination,
      specialAssistance: assistance,
    };
  });
  // One order whatever order the DCS lists them in, so an unchanged list is an unchanged manifest.
  passengers.sort((a, b) => a.passengerId.localeCompare(b.passengerId));
  return {
    manifestId: `${scheduleId}-${list.generatedAt}`,
    scheduleId,
    flightNumber: flight.designator,
    departureAirport: flight.origin,
    arrivalAirport: flight.destination,
    scheduledDeparture: flight.scheduledDeparture,
    passengers,
    snapshotAt: list.generatedAt,
    source,
  };
}
