import type { ChargeCalculated, ChargedPassage } from '@overfly/schemas';

/** A PRICED charge of the n-th synthetic crossing (EUR, operator by n % operators). */
export function sampleCharge(n: number, over: Partial<ChargeCalculated> = {}): ChargeCalculated {
  const icao24 = (0x400000 + (n % 5000)).toString(16);
  const crossingId = `${icao24}-1740787200000-${n}-LSAS`;
  return {
    chargeId: `chg_${n}`,
    crossingId,
    flightId: `${icao24}-1740787200000`,
    icao24,
    callsign: `SWR${n % 1000}`,
    operatorIcao: ['SWR', 'DLH', 'AFR'][n % 3]!,
    aircraftType: 'A320',
    mtowKg: 78_000,
    mtowSource: 'ps-aircraft-params-20250328.csv (pycontrails, Apache-2.0), MTOM_kg of A320',
    firId: 'LSAS',
    chargingZone: 'LS',
    flightDate: 20_148, // 2025-03-01
    tariffMonth: '2025-03',
    distanceKm: 250,
    distanceBasis: 'GREAT_CIRCLE',
    distanceFactor: 2.5,
    weightFactor: 1.25,
    serviceUnits: 3.13,
    unitRate: { amountMinor: 10_000, currency: 'EUR' },
    unitRateSource: 'TEST unit rate of LS for 2025-03',
    exchangeRate: null,
    exchangeRateSource: null,
    amount: { amountMinor: 1_000 + (n % 97), currency: 'EUR' },
    tariffVersion: '2025-03.v1',
    status: 'PRICED',
    exemptionCode: null,
    reason: null,
    calculatedAt: 1_741_000_000_000,
    passage: null,
    ...over,
  };
}

/** Crossing `seq` of the flight of `sampleCharge(flight)` (same aircraft and departure). */
export function crossingCharge(
  flight: number,
  seq: number,
  over: Partial<ChargeCalculated> = {},
): ChargeCalculated {
  const crossingId = sampleCharge(flight).crossingId.replace(/-\d+-LSAS$/, `-${seq}-LSAS`);
  return sampleCharge(flight, { chargeId: `chg_${flight}_${seq}`, crossingId, ...over });
}

/** A passage through zone LS made of crossings `ids` (the first is its id). */
export function passageOf(ids: string[]): ChargedPassage {
  return {
    crossingIds: ids,
    firIds: ids.map((id) => id.slice(id.lastIndexOf('-') + 1)),
    entryTime: Date.UTC(2025, 2, 1, 10),
    exitTime: Date.UTC(2025, 2, 1, 11),
    entryLatitude: 46,
    entryLongitude: 6,
    exitLatitude: 47.5,
    exitLongitude: 9.5,
    greatCircleDistanceKm: 310.2,
    flownDistanceKm: 322.9,
    takeOffs: 0,
    landings: 0,
    departureAirport: null,
    arrivalAirport: null,
  };
}

/**
 * The charge of the crossing while it was PROVISIONAL, as packages/charges writes it
 * (UNPRICED, 0 km, reason CROSSING_NOT_FINAL, no passage), calculated at `calculatedAt`.
 */
export function provisional(charge: ChargeCalculated, calculatedAt: number): ChargeCalculated {
  return {
    ...charge,
    status: 'UNPRICED',
    amount: null,
    unitRate: null,
    unitRateSource: null,
    exchangeRate: null,
    exchangeRateSource: null,
    distanceKm: 0,
    distanceFactor: 0,
    serviceUnits: 0,
    passage: null,
    reason:
      'CROSSING_NOT_FINAL: the crossing is PROVISIONAL (no exit yet); only FINAL crossings are billed (status PROVISIONAL)',
    calculatedAt,
  };
}

/** A FINAL charge of the same crossing that could not be priced (NO_MTOW). */
export function unpricedFinal(charge: ChargeCalculated, calculatedAt: number): ChargeCalculated {
  return {
    ...charge,
    status: 'UNPRICED',
    amount: null,
    unitRate: null,
    serviceUnits: null,
    weightFactor: null,
    reason: 'NO_MTOW: the aircraft type has no MTOW in the MTOW table or its overrides (type A320)',
    calculatedAt,
  };
}
