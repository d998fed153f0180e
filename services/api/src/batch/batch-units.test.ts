import { describe, expect, it } from 'vitest';
import { decimalOf } from '../server/money.js';
import { specOf, startCommandOf } from './commands.js';
import { csvField } from './csv.js';
import { checksOf } from './operations/validate.js';
import type { JobSpec } from './store.js';

describe('CSV', () => {
  it('quotes what must be quoted, and defuses formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('-1')).toBe("'-1");
    expect(csvField(null)).toBe('');
    expect(csvField(12)).toBe('12');
  });

  it('writes money from integer minor units in the currency’s exponent', () => {
    expect(decimalOf(123_45, 'EUR')).toBe('123.45');
    expect(decimalOf(5, 'EUR')).toBe('0.05');
    expect(decimalOf(-20_00, 'EUR')).toBe('-20.00');
    expect(decimalOf(1_234, 'JPY')).toBe('1234');
    expect(decimalOf(1_234, 'KWD')).toBe('1.234');
  });
});

describe('batch.commands', () => {
  const spec: JobSpec = {
    jobId: 'j-1',
    operation: 'validate',
    name: 'March',
    description: null,
    filters: { from: '2026-03-01', to: '2026-03-31' },
    batchSize: 50,
    retryAttempts: 1,
    priority: 7,
    requestedBy: 'clerk',
    operatorScope: 'BAW',
  };

  it('carry a job’s spec and give it back', () => {
    expect(specOf(startCommandOf(spec, 1))).toEqual({ spec });
  });

  it('refuse a command no worker can run, saying why', () => {
    const c = startCommandOf(spec, 1);
    expect(specOf({ ...c, jobName: 'reformat' })).toEqual({
      error: 'jobName reformat is not one of export, report, validate, reprice, reprocess, import',
    });
    expect(specOf({ ...c, parameters: { ...c.parameters, filters: '{' } })).toEqual({
      error: 'parameters.filters is not JSON',
    });
    expect(specOf({ ...c, parameters: { ...c.parameters, batchSize: '0' } })).toMatchObject({
      error: expect.stringContaining('batchSize'),
    });
  });
});

describe('the validate checks', () => {
  const good = {
    status: 'PRICED',
    amount_minor: '23817',
    currency: 'EUR',
    distance_km: 250.5,
    distance_factor: 2.51,
    weight_factor: 1.25,
    service_units: 3.14,
    mtow_kg: 78_000,
    mtow_source: 'TCDS',
    unit_rate_minor: '7585',
    unit_rate_source: 'decree',
    operator_icao: 'BAW',
    charging_zone: 'EG',
    aircraft_type: 'A320',
    exchange_rate: null,
    exchange_rate_source: null,
    reason: null,
  };
  const failing = (row: typeof good) =>
    checksOf(row)
      .filter((c) => !c.ok)
      .map((c) => c.code);

  it('pass a charge whose service units follow from its factors', () => {
    expect(failing(good)).toEqual([]);
  });

  it('name each defect', () => {
    expect(failing({ ...good, service_units: 4 })).toEqual(['SERVICE_UNITS_MISMATCH']);
    expect(failing({ ...good, amount_minor: null as never })).toEqual(['PRICED_WITHOUT_AMOUNT']);
    expect(failing({ ...good, status: 'UNPRICED' })).toEqual(['UNPRICED_WITHOUT_REASON']);
    expect(failing({ ...good, exchange_rate: '0.9' as never })).toEqual([
      'EXCHANGE_RATE_WITHOUT_SOURCE',
    ]);
  });
});
