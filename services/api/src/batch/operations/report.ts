import type { Queryable } from '@overfly/db';
import { Where } from '../../queries/keyset.js';
import type { BatchFilters, BatchOperation } from '../operation.js';
import { dateRangeOf } from './filters.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The tariff months from `from` to `to` (both included), YYYY-MM. */
function monthsOf(f: BatchFilters): string[] {
  const { from, to } = dateRangeOf(f);
  if (from === undefined || to === undefined) return [];
  const months: string[] = [];
  const d = new Date(from);
  d.setUTCDate(1);
  while (d.getTime() < to && months.length < 240) {
    months.push(d.toISOString().slice(0, 7));
    d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return months;
}

/**
 * report: revenue per charging zone and operator, per tariff month, from the charges read
 * model (PRICED charges, by currency). One item per month of `from`–`to` (both needed, at
 * most 20 years); each item's output is that month's rows.
 */
export const reportOperation: BatchOperation = {
  name: 'report',
  summary: 'revenue per charging zone, operator and month',
  check(f) {
    const range = dateRangeOf(f);
    if (range.error) return range.error;
    if (f.from === undefined || f.to === undefined)
      return 'filters.from and filters.to are both needed';
    return null;
  },
  count: async (_db, filters) => monthsOf(filters).length,
  async keys(_db, filters, after, limit) {
    return monthsOf(filters)
      .filter((m) => after === null || m > after)
      .slice(0, limit);
  },
  async run(db: Queryable, filters: BatchFilters, month: string) {
    if (!MONTH.test(month)) throw new Error(`not a month: ${month}`);
    const where = new Where()
      .eq('tariff_month', month)
      .eq('status', 'PRICED')
      .eq('operator_icao', filters.operator)
      .eq('charging_zone', filters.zone);
    const { rows } = await db.query<{
      zone: string | null;
      operator: string | null;
      currency: string;
      charges: string;
      amount_minor: string;
      service_units: number | null;
    }>(
      `SELECT charging_zone AS zone, operator_icao AS operator, currency,
              count(*) AS charges, sum(amount_minor) AS amount_minor,
              sum(service_units) AS service_units
         FROM charges ${where} AND amount_minor IS NOT NULL
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      where.params,
    );
    return {
      output: {
        month,
        rows: rows.map((r) => ({
          zone: r.zone,
          operator: r.operator,
          currency: r.currency,
          charges: Number(r.charges),
          amountMinor: Number(r.amount_minor),
          serviceUnits: r.service_units === null ? null : Math.round(r.service_units * 100) / 100,
        })),
      },
    };
  },
};
