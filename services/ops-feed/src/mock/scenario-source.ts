// What mock mode serves from: a network scenario day and its views at a time t, as
// packages/scenarios provides them (network/model.ts `NetworkDay`; network/views.ts
// `scheduleAt`, `schedulesAt`, `manifestAt`, `weatherAt`, `forecastAt`). Declared here by
// the shape ops-feed reads, so the mock depends on what it uses and tests can hand it a
// small day of their own.
import type { FlightSchedule, PassengerManifest } from '@overfly/schemas';

/** The part of a NetworkDay the mock reads. */
export interface ScenarioDay {
  name: string;
  start: number;
  end: number;
  airports: ReadonlyArray<{ icao: string; iata: string; name: string }>;
  airlines: ReadonlyArray<{ icao: string; iata: string; name: string }>;
}

/** A METAR or SPECI as the scenario's weather service issues it (model.ts WeatherReport). */
export interface ScenarioWeatherReport {
  stationIcao: string;
  observedAt: number;
  kind: 'METAR' | 'SPECI';
  rawText: string;
}

/** A TAF as the scenario issues it (model.ts ForecastReport). */
export interface ScenarioForecastReport {
  stationIcao: string;
  issuedAt: number;
  validFrom: number;
  validTo: number;
  rawText: string;
}

/** The views of network/views.ts: what a feed would show of the day at time t. */
interface ScenarioViews<D extends ScenarioDay> {
  scheduleAt(day: D, scheduleId: string, t: number): FlightSchedule | null | undefined;
  schedulesAt(day: D, t: number, filter: { airport: string }): readonly FlightSchedule[];
  manifestAt(day: D, scheduleId: string, t: number): PassengerManifest | null | undefined;
  weatherAt(day: D, station: string, t: number): ScenarioWeatherReport | null | undefined;
  forecastAt(day: D, station: string, t: number): ScenarioForecastReport | null | undefined;
}

export interface ScenarioSource<D extends ScenarioDay = ScenarioDay> {
  day: D;
  views: ScenarioViews<D>;
}
