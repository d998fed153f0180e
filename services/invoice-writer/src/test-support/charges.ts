import type { ChargeCalculated } from '@overfly/schemas';

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
