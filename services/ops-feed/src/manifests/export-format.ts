// The departure-control passenger-list export ops-feed accepts, one document per leg
// (docs/formats/manifest-export.md). Modelled on the IATA PNL/ADL (Passengers Name List and
// Additions and Deletions List, IATA PSCRM RP 1708): the record locator (.L/), the name
// element's position in its PNR, the destination and class groups, SSR codes (.R/),
// the onward connection (.O/) and the frequent-flyer tier (.R/FQTV). A fare is not in a PNL;
// it comes from the e-ticket record, where a DCS export carries it.
//
// Zod strips every key not declared here: names, document numbers, frequent-flyer and
// ticket numbers, e-mail and phone may be in an export, and are never read.
import { z } from 'zod';

const icaoAirport = z.string().regex(/^[A-Z]{4}$/, 'an ICAO airport code');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const instant = z
  .string()
  .refine(
    (s) => /(Z|[+-]\d{2}:\d{2})$/.test(s) && Number.isFinite(Date.parse(s)),
    'an ISO 8601 time with its zone',
  )
  .transform((s) => Date.parse(s));

export const EXPORT_FORMAT = 'overfly-dcs-passenger-list/1';

const passenger = z.object({
  /** PNR record locator (.L/), the booking's key in the reservation system. */
  pnr: z.string().regex(/^[A-Z0-9]{5,8}$/, '5 to 8 letters or digits'),
  /** Position of the passenger's name element in the PNR (1, 2, …), the same on every leg. */
  nameNumber: z.number().int().min(1),
  /** Destination of this passenger on the leg (the PNL's -XXX group). */
  destination: icaoAirport,
  /** Booked cabin: F first, C business, W premium economy, Y economy. */
  cabin: z.enum(['F', 'C', 'W', 'Y']),
  /** SSR codes of the passenger (.R/WCHR …). */
  ssr: z.array(z.string().regex(/^[A-Z]{4}$/)).default([]),
  /** Onward leg on the same booking (.O/), when there is one. */
  onward: z
    .object({
      flight: z.string().regex(/^[A-Z0-9]{2}\d{1,4}[A-Z]?$/, 'a flight designator like LH1234'),
      origin: icaoAirport,
      scheduledDeparture: instant,
      minimumConnectionMinutes: z.number().int().min(0).nullish(),
    })
    .nullish(),
  /** Final destination of the booking. */
  finalDestination: icaoAirport,
  /** Frequent-flyer tier only (.R/FQTV carries the number too, which is not read). */
  frequentFlyer: z.object({ tier: z.enum(['BASIC', 'SILVER', 'GOLD', 'PLATINUM']) }).nullish(),
  /** Fare of this leg from the e-ticket, in minor units. */
  fare: z
    .object({
      amountMinor: z.number().int(),
      currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code'),
    })
    .nullish(),
  /** Opaque reference the source system resolves to contact details. */
  contactRef: z.string().min(1).nullish(),
});

export const passengerList = z.object({
  format: z.literal(EXPORT_FORMAT),
  flight: z.object({
    /** Flight designator, airline IATA code and number ('LH1234'). */
    designator: z.string().regex(/^[A-Z0-9]{2}\d{1,4}[A-Z]?$/, 'a flight designator like LH1234'),
    /** Scheduled departure date, UTC, as in the scheduleId. */
    date: isoDate,
    origin: icaoAirport,
    destination: icaoAirport,
    scheduledDeparture: instant,
  }),
  /** When the DCS took this list. */
  generatedAt: instant,
  passengers: z.array(passenger),
});

export type PassengerList = z.infer<typeof passengerList>;
