// One element of aviationstack's /v1/flights `data` array, as documented at
// aviationstack.com/documentation ("Real-Time Flights"): flight_date, flight_status,
// departure and arrival {airport, timezone, iata, icao, terminal, gate, delay, scheduled,
// estimated, actual, estimated_runway, actual_runway}, airline {name, iata, icao}, flight
// {number, iata, icao, codeshared}, aircraft {registration, iata, icao, icao24}, live {…}.
// Every field may be null in practice; what a schedule needs is checked in map-flight.ts.
import { z } from 'zod';

const text = z.string().nullish();

const endpoint = z.object({
  airport: text,
  timezone: text,
  iata: text,
  icao: text,
  delay: z.number().nullish(),
  scheduled: text,
  estimated: text,
  actual: text,
  estimated_runway: text,
  actual_runway: text,
});

export const flightRecord = z.object({
  flight_date: text,
  flight_status: text,
  departure: endpoint.nullish(),
  arrival: endpoint.nullish(),
  airline: z.object({ name: text, iata: text, icao: text }).nullish(),
  flight: z
    .object({
      number: text,
      iata: text,
      icao: text,
      // The operating flight when this record is a marketing codeshare of it.
      codeshared: z.record(z.unknown()).nullish(),
    })
    .nullish(),
  aircraft: z.object({ registration: text, iata: text, icao: text, icao24: text }).nullish(),
  live: z.object({ is_ground: z.boolean().nullish() }).passthrough().nullish(),
});

export type FlightRecord = z.infer<typeof flightRecord>;

export const flightsPage = z.object({
  pagination: z
    .object({
      limit: z.number(),
      offset: z.number(),
      count: z.number(),
      total: z.number(),
    })
    .partial()
    .nullish(),
  data: z.array(z.unknown()),
});

/** The error object aviationstack answers with (with a 4xx status, or sometimes 200). */
export const apiError = z.object({
  error: z.object({ code: z.union([z.string(), z.number()]).nullish(), message: text }),
});
