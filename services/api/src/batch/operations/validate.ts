import type { Queryable } from '@overfly/db';
import { type BatchFilters, type BatchOperation, ItemError } from '../operation.js';
import { chargeWhere, dateRangeOf } from './filters.js';

interface ChargeRow {
  status: string;
  amount_minor: string | null;
  currency: string | null;
  distance_km: number;
  distance_factor: number;
  weight_factor: number | null;
  service_units: number | null;
  mtow_kg: number | null;
  mtow_source: string | null;
  unit_rate_minor: string | null;
  unit_rate_source: string | null;
  operator_icao: string | null;
  charging_zone: string | null;
  aircraft_type: string | null;
  exchange_rate: string | null;
  exchange_rate_source: string | null;
  reason: string | null;
}

/**
 * The checks on one charge, each a code and whether it passed. A failed *blocking* check
 * (a PRICED charge without an amount, a negative distance) fails the item under its code;
 * the others lower its quality (share of checks passed). Regulation (EU) 2019/317 Annex
 * VIII: r = t × N, N = d/100 × √(MTOW/50), each factor rounded to 2 decimals as applied.
 */
export function checksOf(c: ChargeRow): Array<{ code: string; ok: boolean; blocking: boolean }> {
  const priced = c.status === 'PRICED';
  const round2 = (x: number) => Math.round(x * 100) / 100;
  const units =
    c.weight_factor === null ? null : round2(round2(c.distance_km / 100) * c.weight_factor);
  return [
    { code: 'PRICED_WITHOUT_AMOUNT', ok: !priced || c.amount_minor !== null, blocking: true },
    { code: 'NEGATIVE_DISTANCE', ok: c.distance_km >= 0, blocking: true },
    { code: 'NO_OPERATOR', ok: c.operator_icao !== null, blocking: false },
    { code: 'NO_CHARGING_ZONE', ok: c.charging_zone !== null, blocking: false },
    { code: 'NO_AIRCRAFT_TYPE', ok: c.aircraft_type !== null, blocking: false },
    {
      code: 'MTOW_WITHOUT_SOURCE',
      ok: c.mtow_kg === null || c.mtow_source !== null,
      blocking: false,
    },
    {
      code: 'UNIT_RATE_WITHOUT_SOURCE',
      ok: c.unit_rate_minor === null || c.unit_rate_source !== null,
      blocking: false,
    },
    {
      code: 'EXCHANGE_RATE_WITHOUT_SOURCE',
      ok: c.exchange_rate === null || c.exchange_rate_source !== null,
      blocking: false,
    },
    {
      code: 'SERVICE_UNITS_MISMATCH',
      ok:
        !priced ||
        units === null ||
        c.service_units === null ||
        Math.abs(units - c.service_units) < 0.011,
      blocking: false,
    },
    { code: 'UNPRICED_WITHOUT_REASON', ok: priced || c.reason !== null, blocking: false },
  ];
}

/**
 * validate: data-quality checks over the charges matching the filters (checksOf). One item
 * per charge, in chargeId order; quality = share of checks passed; issues in the output.
 */
export const validateOperation: BatchOperation = {
  name: 'validate',
  summary: 'data-quality checks on charges (inputs, sources, the formula)',
  check: (f) => dateRangeOf(f).error,
  async count(db, filters) {
    const where = chargeWhere(filters);
    const { rows } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM charges ${where}`,
      where.params,
    );
    return Number(rows[0]?.n ?? 0);
  },
  async keys(db, filters, after, limit) {
    const where = chargeWhere(filters, after);
    const { rows } = await db.query<{ charge_id: string }>(
      `SELECT charge_id FROM charges ${where} ORDER BY charge_id LIMIT ${where.param(limit)}`,
      where.params,
    );
    return rows.map((r) => r.charge_id);
  },
  async run(db: Queryable, _filters: BatchFilters, chargeId: string) {
    const { rows } = await db.query<ChargeRow>('SELECT * FROM charges WHERE charge_id = $1', [
      chargeId,
    ]);
    const row = rows[0];
    if (!row) throw new ItemError('GONE', `charge ${chargeId} is no longer in the read model`);
    const checks = checksOf(row);
    const blocking = checks.find((c) => !c.ok && c.blocking);
    if (blocking) throw new ItemError(blocking.code, `charge ${chargeId}: ${blocking.code}`);
    const issues = checks.filter((c) => !c.ok).map((c) => c.code);
    return {
      output: { issues },
      quality: checks.filter((c) => c.ok).length / checks.length,
    };
  },
};
