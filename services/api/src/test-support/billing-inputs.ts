import type { ChargeCalculated, FirCrossing } from '@overfly/schemas';

const T = Date.UTC(2026, 2, 4, 10);

/**
 * Crossing `seq` of flight `flight` of aircraft `icao24` through `firId`, FINAL unless
 * said otherwise; entered `seq` hours after 2026-03-04 10:00 UTC.
 */
export function crossingOf(
  icao24: string,
  seq: number,
  firId: string,
  over: Partial<FirCrossing> = {},
): FirCrossing {
  const entryTime = T + seq * 3_600_000;
  return {
    crossingId: `${icao24}-${T}-${seq}-${firId}`,
    flightId: `${icao24}-${T}`,
    icao24,
    callsign: 'BAW123',
    firId,
    firName: null,
    entryTime,
    exitTime: entryTime + 1_800_000,
    entryLatitude: 50 + seq / 10,
    entryLongitude: seq,
    exitLatitude: 50.5 + seq / 10,
    exitLongitude: seq + 1,
    greatCircleDistanceKm: 250.5,
    flownDistanceKm: 260.25,
    departureAirport: null,
    arrivalAirport: null,
    status: 'FINAL',
    sequence: seq,
    source: 'SIMULATED',
    exitReason: 'BOUNDARY',
    nextFirId: null,
    producedAt: entryTime + 1_800_000,
    ...over,
  };
}

/** The charge of `crossing` alone as its passage, PRICED in EUR at 75.85 € a service unit. */
export function chargeOf(
  crossing: FirCrossing,
  operatorIcao: string,
  over: Partial<ChargeCalculated> = {},
): ChargeCalculated {
  return {
    chargeId: `chg-${crossing.crossingId}`,
    crossingId: crossing.crossingId,
    flightId: crossing.flightId,
    icao24: crossing.icao24,
    callsign: crossing.callsign,
    operatorIcao,
    aircraftType: 'A320',
    mtowKg: 78_000,
    mtowSource: 'test MTOW',
    firId: crossing.firId,
    chargingZone: crossing.firId.slice(0, 2),
    flightDate: Math.floor(crossing.entryTime / 86_400_000),
    tariffMonth: new Date(crossing.entryTime).toISOString().slice(0, 7),
    distanceKm: crossing.greatCircleDistanceKm,
    distanceBasis: 'GREAT_CIRCLE',
    distanceFactor: 2.51,
    weightFactor: 1.25,
    serviceUnits: 3.14,
    unitRate: { amountMinor: 75_85, currency: 'EUR' },
    unitRateSource: 'test unit rate',
    exchangeRate: null,
    exchangeRateSource: null,
    amount: { amountMinor: 238_17, currency: 'EUR' },
    tariffVersion: 'test.v1',
    status: 'PRICED',
    exemptionCode: null,
    reason: null,
    calculatedAt: crossing.producedAt + 1_000,
    passage: {
      crossingIds: [crossing.crossingId],
      firIds: [crossing.firId],
      entryTime: crossing.entryTime,
      exitTime: crossing.exitTime ?? crossing.entryTime,
      entryLatitude: crossing.entryLatitude,
      entryLongitude: crossing.entryLongitude,
      exitLatitude: crossing.exitLatitude ?? crossing.entryLatitude,
      exitLongitude: crossing.exitLongitude ?? crossing.entryLongitude,
      greatCircleDistanceKm: crossing.greatCircleDistanceKm,
      flownDistanceKm: crossing.flownDistanceKm,
      takeOffs: 0,
      landings: 0,
      departureAirport: null,
      arrivalAirport: null,
    },
    ...over,
  };
}
