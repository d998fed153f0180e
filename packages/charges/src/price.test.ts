import { describe, expect, it } from 'vitest';
import { aircraftTables, parseMtowOverrides, parsePsAircraftParams } from './aircraft.js';
import { ChargesError } from './errors.js';
import { chargeIdOf, priceCrossing } from './price.js';
import { crossing, fixtureContext, MARCH_2024 } from './test-support/pricing.js';

// All amounts below use the TEST FIXTURE tariff (not real rates): zone XE 50.00 EUR,
// zone XC 100.00 CHF with 1 CHF = 1.05 EUR in 2024-03, zone XN without a rate.
const ctx = fixtureContext();

describe('a priced crossing', () => {
  it('carries every input of r = t × d × p', () => {
    // A20N 79,000 kg: p = 1.26. 512.4 km → d = 5.12. N = 5.12 × 1.26 = 6.4512.
    // r = 50.00 × 6.4512 = 322.56 EUR = 32,256 cents.
    const c = priceCrossing(crossing(), {}, ctx);
    expect(c).toMatchObject({
      status: 'PRICED',
      chargingZone: 'XE',
      aircraftType: 'A20N',
      mtowKg: 79_000,
      tariffMonth: '2024-03',
      flightDate: Math.floor(MARCH_2024 / 86_400_000),
      distanceKm: 512.4,
      distanceFactor: 5.12,
      weightFactor: 1.26,
      serviceUnits: 6.4512,
      unitRate: { amountMinor: 5000, currency: 'EUR' },
      exchangeRate: null,
      amount: { amountMinor: 32_256, currency: 'EUR' },
      tariffVersion: 'TEST-FIXTURE.v1',
      exemptionCode: null,
      reason: null,
      operatorIcao: 'TST',
      calculatedAt: ctx.options.calculatedAt,
    });
  });

  it('bills the take-off FIR 20 km less', () => {
    // 100 km − 20 = 80 km → d = 0.80; r = 50.00 × 0.80 × 1.26 = 50.40 EUR.
    const c = priceCrossing(
      crossing({ greatCircleDistanceKm: 100, departureAirport: 'XXA1' }),
      {},
      ctx,
    );
    expect(c.distanceKm).toBe(80);
    expect(c.distanceFactor).toBe(0.8);
    expect(c.amount).toEqual({ amountMinor: 5040, currency: 'EUR' });
  });

  it('bills a FIR with both take-off and landing 40 km less', () => {
    // 100 km − 20 − 20 = 60 km → d = 0.60; r = 50.00 × 0.60 × 1.26 = 37.80 EUR.
    const c = priceCrossing(
      crossing({ greatCircleDistanceKm: 100, departureAirport: 'XXA1', arrivalAirport: 'XXA2' }),
      {},
      ctx,
    );
    expect(c.amount?.amountMinor).toBe(3780);
  });

  it('can bill the distance flown instead, when configured', () => {
    // 530.2 km flown → d = 5.30; r = 50.00 × 5.30 × 1.26 = 333.90 EUR.
    const c = priceCrossing(
      crossing(),
      {},
      { ...ctx, options: { ...ctx.options, distanceBasis: 'FLOWN' } },
    );
    expect(c.amount?.amountMinor).toBe(33_390);
  });

  it('converts a non-EUR zone with the month exchange rate, rounding only at the line', () => {
    // Zone XC: t = 100.00 CHF, 1 CHF = 1.05 EUR (2024-03). 333 km → d = 3.33, p = 1.26,
    // N = 4.1958 (not rounded). r = 100.00 × 4.1958 = 419.58 CHF × 1.05 = 440.559 EUR
    // → 44,056 cents. Rounding N to 4.20 first would have given 441.00 EUR.
    const c = priceCrossing(crossing({ firId: 'XXCC', greatCircleDistanceKm: 333 }), {}, ctx);
    expect(c).toMatchObject({
      status: 'PRICED',
      chargingZone: 'XC',
      serviceUnits: 4.1958,
      unitRate: { amountMinor: 10_000, currency: 'CHF' },
      exchangeRate: '1.05',
      amount: { amountMinor: 44_056, currency: 'EUR' },
    });
  });
});

describe('an UNPRICED crossing, never dropped', () => {
  it('has no unit rate in its zone: NO_UNIT_RATE', () => {
    const c = priceCrossing(crossing({ firId: 'XXNR' }), {}, ctx);
    expect(c.status).toBe('UNPRICED');
    expect(c.amount).toBeNull();
    expect(c.reason).toMatch(/^NO_UNIT_RATE: .*zone XN, 2024-03/);
    // Everything computable is still there for the billing office.
    expect(c.serviceUnits).toBe(6.4512);
  });

  it('has no rate for its month: NO_UNIT_RATE', () => {
    const c = priceCrossing(crossing({ entryTime: Date.UTC(2025, 0, 5) }), {}, ctx);
    expect(c.reason).toMatch(/^NO_UNIT_RATE:/);
  });

  it('has no exchange rate for its month: NO_EXCHANGE_RATE', () => {
    const c = priceCrossing(crossing({ firId: 'XXCC', entryTime: Date.UTC(2024, 3, 5) }), {}, ctx);
    expect(c.status).toBe('UNPRICED');
    expect(c.reason).toMatch(/^NO_EXCHANGE_RATE: .*CHF → EUR, 2024-04/);
    expect(c.unitRate).toEqual({ amountMinor: 10_000, currency: 'CHF' });
  });

  it('is flown by an icao24 of unknown type: UNKNOWN_AIRCRAFT_TYPE', () => {
    const c = priceCrossing(crossing({ icao24: 'ffffff' }), {}, ctx);
    expect(c).toMatchObject({
      status: 'UNPRICED',
      aircraftType: null,
      mtowKg: null,
      weightFactor: null,
    });
    expect(c.reason).toMatch(/^UNKNOWN_AIRCRAFT_TYPE: .*icao24 ffffff/);
  });

  it('has a type without MTOW: NO_MTOW', () => {
    const c = priceCrossing(crossing({ icao24: '0a0a0a' }), {}, ctx);
    expect(c.reason).toMatch(/^NO_MTOW: .*NOMT/);
  });

  it('is in a FIR of no charging zone: NO_CHARGING_ZONE', () => {
    const c = priceCrossing(crossing({ firId: 'EGTT' }), {}, ctx);
    expect(c).toMatchObject({ status: 'UNPRICED', chargingZone: null });
    expect(c.reason).toMatch(/^NO_CHARGING_ZONE:/);
  });

  it('is still PROVISIONAL: CROSSING_NOT_FINAL', () => {
    const c = priceCrossing(crossing({ status: 'PROVISIONAL' }), {}, ctx);
    expect(c.reason).toMatch(/^CROSSING_NOT_FINAL:/);
  });
});

describe('exemptions', () => {
  it('exempts an aircraft under 2 t (EXEMPT_UNDER_2T) and charges one of exactly 2 t', () => {
    const light = priceCrossing(crossing({ icao24: '11e111' }), {}, ctx);
    expect(light).toMatchObject({
      status: 'EXEMPT',
      exemptionCode: 'EXEMPT_UNDER_2T',
      amount: null,
    });
    // 2,000 kg: p = sqrt(2.0 / 50) = 0.20; r = 50.00 × 5.12 × 0.20 = 51.20 EUR.
    const two = priceCrossing(crossing({ icao24: '22e222' }), {}, ctx);
    expect(two.amount?.amountMinor).toBe(5120);
  });

  it('exempts state and SAR flights everywhere, even of unknown type', () => {
    const state = priceCrossing(
      crossing({ firId: 'XXCC', icao24: 'ffffff' }),
      { state: true },
      ctx,
    );
    expect(state.exemptionCode).toBe('EXEMPT_STATE');
    const sar = priceCrossing(crossing({ firId: 'XXCC' }), { sar: true }, ctx);
    expect(sar.exemptionCode).toBe('EXEMPT_SAR');
  });

  it('applies an optional exemption only in a zone that switches it on', () => {
    expect(priceCrossing(crossing(), { military: true }, ctx).exemptionCode).toBe(
      'EXEMPT_MILITARY',
    );
    expect(priceCrossing(crossing({ firId: 'XXCC' }), { military: true }, ctx).status).toBe(
      'PRICED',
    );
    expect(priceCrossing(crossing(), { vfr: true }, ctx).exemptionCode).toBe('EXEMPT_VFR');
    expect(priceCrossing(crossing(), { training: true }, ctx).exemptionCode).toBe(
      'EXEMPT_TRAINING',
    );
  });

  it('charges when a flight-type flag is absent: only decidable rules apply', () => {
    expect(priceCrossing(crossing(), {}, ctx).status).toBe('PRICED');
  });

  it('recognises a calibration campaign by its callsign (SAVANxx)', () => {
    const c = priceCrossing(crossing({ callsign: 'SAVAN07', icao24: 'ffffff' }), {}, ctx);
    expect(c).toMatchObject({
      status: 'EXEMPT',
      exemptionCode: 'EXEMPT_CALIBRATION',
      operatorIcao: null,
    });
    // An explicit "not calibration" wins over the callsign.
    expect(
      priceCrossing(crossing({ callsign: 'SAVAN07' }), { calibration: false }, ctx).status,
    ).toBe('PRICED');
  });

  it('exempts a circular flight (departure = arrival aerodrome) where the zone says so', () => {
    const facts = { departureAirport: 'XXA1', arrivalAirport: 'XXA1' };
    expect(priceCrossing(crossing(), facts, ctx).exemptionCode).toBe('EXEMPT_CIRCULAR');
    expect(priceCrossing(crossing({ firId: 'XXCC' }), facts, ctx).status).toBe('PRICED');
  });
});

describe('where each input comes from (traceability)', () => {
  // The fixture tariff's rows name themselves, e.g. 'TEST FIXTURE (not real) unit rate of XE
  // for 2024'; the aircraft tables are parsed from CSV text as the shipped files are.
  const psText = 'ICAO,MTOM_kg\nA20N,79000\nB744,396894';
  const tables = (overrides?: string) => {
    const mtow = parsePsAircraftParams(psText, '/data/aircraft/ps-aircraft-params-20250328.csv');
    if (overrides) parseMtowOverrides(overrides, 'mtow-overrides.csv', mtow);
    const registry = new Map([
      ['a20a20', { type: 'A20N', source: 'test' }],
      ['b74b74', { type: 'B744', source: 'test' }],
    ]);
    return { ...ctx, aircraft: aircraftTables(registry, mtow) };
  };

  it('names the reference table and row of an MTOW taken from the ps table', () => {
    const c = priceCrossing(crossing(), {}, tables());
    expect(c).toMatchObject({
      mtowKg: 79_000,
      mtowSource: 'ps-aircraft-params-20250328.csv (pycontrails, Apache-2.0), MTOM_kg of A20N',
    });
  });

  it("carries the override row's source when an override replaced the reference MTOW", () => {
    const c = priceCrossing(
      crossing(),
      {},
      tables('type,mtow_kg,source\nA20N,79200,"EASA TCDS A.064, highest certified variant"'),
    );
    expect(c).toMatchObject({
      mtowKg: 79_200,
      mtowSource: 'EASA TCDS A.064, highest certified variant',
      status: 'PRICED',
    });
    // The type without an override keeps the reference row.
    const b744 = priceCrossing(
      crossing({ icao24: 'b74b74' }),
      {},
      tables('type,mtow_kg,source\nA20N,79200,tcds'),
    );
    expect(b744.mtowSource).toBe(
      'ps-aircraft-params-20250328.csv (pycontrails, Apache-2.0), MTOM_kg of B744',
    );
  });

  it("carries the unit-rate row's source of a priced charge, and no exchange-rate source in EUR", () => {
    const c = priceCrossing(crossing(), {}, ctx);
    expect(c).toMatchObject({
      status: 'PRICED',
      unitRate: { amountMinor: 5000, currency: 'EUR' },
      unitRateSource: 'TEST FIXTURE (not real) unit rate of XE for 2024',
      exchangeRate: null,
      exchangeRateSource: null,
      distanceBasis: 'GREAT_CIRCLE',
    });
  });

  it("carries the exchange-rate row's source of a converted charge", () => {
    const c = priceCrossing(crossing({ firId: 'XXCC' }), {}, ctx);
    expect(c).toMatchObject({
      status: 'PRICED',
      unitRateSource: 'TEST FIXTURE (not real) unit rate of XC for 2024',
      exchangeRate: '1.05',
      exchangeRateSource: 'TEST FIXTURE (not real) CHF to EUR for 2024-03',
    });
  });

  it('records the FLOWN distance basis when the charge was priced on it', () => {
    const c = priceCrossing(
      crossing(),
      {},
      { ...ctx, options: { ...ctx.options, distanceBasis: 'FLOWN' } },
    );
    expect(c).toMatchObject({ distanceBasis: 'FLOWN', distanceKm: 530.2, distanceFactor: 5.3 });
  });

  it('has no unit-rate source on an UNPRICED charge without a rate, but keeps the MTOW source', () => {
    const c = priceCrossing(crossing({ firId: 'XXNR' }), {}, ctx);
    expect(c).toMatchObject({
      status: 'UNPRICED',
      unitRate: null,
      unitRateSource: null,
      exchangeRateSource: null,
      mtowSource: 'ps-aircraft-params-20250328 A20N',
      distanceBasis: 'GREAT_CIRCLE',
    });
    expect(c.reason).toMatch(/^NO_UNIT_RATE:/);
  });

  it('keeps the unit-rate source when only the exchange rate is missing', () => {
    const c = priceCrossing(crossing({ firId: 'XXCC', entryTime: Date.UTC(2024, 3, 5) }), {}, ctx);
    expect(c).toMatchObject({
      status: 'UNPRICED',
      unitRateSource: 'TEST FIXTURE (not real) unit rate of XC for 2024',
      exchangeRate: null,
      exchangeRateSource: null,
    });
    expect(c.reason).toMatch(/^NO_EXCHANGE_RATE:/);
  });

  it('has no MTOW source when the aircraft is unknown, and no zone when the FIR has none', () => {
    expect(priceCrossing(crossing({ icao24: 'ffffff' }), {}, ctx)).toMatchObject({
      mtowKg: null,
      mtowSource: null,
    });
    expect(priceCrossing(crossing({ firId: 'EGTT' }), {}, ctx)).toMatchObject({
      chargingZone: null,
      unitRateSource: null,
    });
  });
});

describe('chargeId', () => {
  it('is the same for the same crossing and tariff version, and differs across versions', () => {
    const a = priceCrossing(crossing(), {}, ctx);
    const b = priceCrossing(
      crossing({ greatCircleDistanceKm: 600 }),
      {},
      { ...ctx, options: { calculatedAt: 1 } },
    );
    expect(a.chargeId).toBe(b.chargeId);
    expect(a.chargeId).toBe(chargeIdOf('flt-1:XXAA:1', 'TEST-FIXTURE.v1'));
    expect(chargeIdOf('flt-1:XXAA:1', 'v2')).not.toBe(a.chargeId);
    expect(chargeIdOf('flt-1:XXAA:2', 'TEST-FIXTURE.v1')).not.toBe(a.chargeId);
    expect(a.chargeId).toMatch(/^chg_[0-9a-f]{32}$/);
  });
});

describe('bad input', () => {
  it('refuses a negative distance with CHARGES_DISTANCE_INVALID', () => {
    try {
      priceCrossing(crossing({ greatCircleDistanceKm: -5 }), {}, ctx);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ChargesError);
      expect((e as ChargesError).code).toBe('CHARGES_DISTANCE_INVALID');
    }
  });
});
