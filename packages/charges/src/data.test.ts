import { describe, expect, it } from 'vitest';
import { defaultAircraftTables, defaultTariff } from './defaults.js';
import { priceCrossing } from './price.js';
import { crossing } from './test-support/pricing.js';

// The SHIPPED tariff (data/tariffs): real French unit rates for 2009, 2016, 2018 and 2022.
const ctx = {
  tariff: defaultTariff(),
  aircraft: defaultAircraftTables(),
  options: { calculatedAt: 0 },
};

describe('the shipped tariff and aircraft tables', () => {
  it('prices the El Al 747 over Paris in June 2022 at the published French rate', () => {
    // B744 396,894 kg → p = 2.82; 400 km → d = 4.00; N = 11.28.
    // r = 73.24 × 11.28 = 826.1472 EUR → 82,615 cents.
    const c = priceCrossing(
      crossing({
        icao24: '738043',
        callsign: 'ELY1747',
        firId: 'LFFF',
        entryTime: Date.UTC(2022, 5, 1),
        greatCircleDistanceKm: 400,
      }),
      {},
      ctx,
    );
    expect(c).toMatchObject({
      status: 'PRICED',
      chargingZone: 'LF',
      operatorIcao: 'ELY',
      unitRate: { amountMinor: 7324, currency: 'EUR' },
      amount: { amountMinor: 82_615, currency: 'EUR' },
      tariffVersion: '2026-11.v2',
      mtowKg: 396_894,
      mtowSource: 'ps-aircraft-params-20250328.csv (pycontrails, Apache-2.0), MTOM_kg of B744',
      distanceBasis: 'GREAT_CIRCLE',
      exchangeRateSource: null,
    });
    // The published arrêté the rate was read from, as data/tariffs/unit-rates.csv records it.
    expect(c.unitRateSource).toMatch(/^Arrêté du 6 décembre 2021, JORF n°0286/);
  });

  it('prices each French year with its own arrêté and leaves 2017 (no rate shipped) UNPRICED', () => {
    const at = (entryTime: number) =>
      priceCrossing(crossing({ icao24: '738043', firId: 'LFEE', entryTime }), {}, ctx);
    expect(at(Date.UTC(2009, 11, 31, 23, 59)).unitRate?.amountMinor).toBe(6149);
    expect(at(Date.UTC(2016, 0, 1)).unitRate?.amountMinor).toBe(6763);
    expect(at(Date.UTC(2018, 0, 2)).unitRate?.amountMinor).toBe(6361);
    expect(at(Date.UTC(2018, 11, 31, 23, 59)).unitRate?.amountMinor).toBe(6361);
    expect(at(Date.UTC(2017, 5, 1))).toMatchObject({ status: 'UNPRICED' });
    expect(at(Date.UTC(2017, 5, 1)).reason).toMatch(/^NO_UNIT_RATE:/);
    expect(at(Date.UTC(2019, 0, 1)).reason).toMatch(/^NO_UNIT_RATE:/);
  });

  it('leaves France in 2024 and Switzerland UNPRICED: no published rate is shipped for them', () => {
    const fr = priceCrossing(
      crossing({ icao24: '738043', firId: 'LFFF', entryTime: Date.UTC(2024, 5, 1) }),
      {},
      ctx,
    );
    expect(fr.reason).toMatch(/^NO_UNIT_RATE:/);
    const ch = priceCrossing(
      crossing({ icao24: '738043', firId: 'LSAZ', entryTime: Date.UTC(2022, 5, 1) }),
      {},
      ctx,
    );
    expect(ch).toMatchObject({ status: 'UNPRICED', chargingZone: 'LS' });
  });

  it('leaves the SAVAN calibration aircraft UNPRICED: its type is not in the registry', () => {
    const c = priceCrossing(
      crossing({
        icao24: '39b415',
        callsign: 'SAVAN01',
        firId: 'LFFF',
        entryTime: Date.UTC(2022, 2, 16),
      }),
      {},
      ctx,
    );
    expect(c.reason).toMatch(/^UNKNOWN_AIRCRAFT_TYPE:/);
  });
});
