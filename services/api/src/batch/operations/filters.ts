import { Where } from '../../queries/keyset.js';
import { DAY_MS, parseDay } from '../../server/paging.js';
import type { BatchFilters } from '../operation.js';

/** from/to (YYYY-MM-DD, both included) as [from, to) epoch ms; an error naming the field. */
export function dateRangeOf(f: BatchFilters): { from?: number; to?: number; error: string | null } {
  const day = (v: string | undefined, field: string) => {
    if (v === undefined) return { ms: undefined };
    const ms = parseDay(v);
    return ms !== null ? { ms } : { error: `filters.${field} is not a calendar date (YYYY-MM-DD)` };
  };
  const from = day(f.from, 'from');
  const to = day(f.to, 'to');
  const error = from.error ?? to.error ?? null;
  if (error) return { error };
  const end = to.ms === undefined ? undefined : to.ms + DAY_MS;
  if (from.ms !== undefined && end !== undefined && from.ms >= end)
    return { error: 'filters.from must not be after filters.to' };
  return {
    ...(from.ms === undefined ? {} : { from: from.ms }),
    ...(end === undefined ? {} : { to: end }),
    error: null,
  };
}

/** WHERE over `invoices` for export: operator, status, periods overlapping the range; keys after `after`. */
export function invoiceWhere(f: BatchFilters, after: string | null = null) {
  const { from, to } = dateRangeOf(f);
  return new Where()
    .eq('operator_icao', f.operator)
    .eq('status', f.status)
    .above('period_end', from)
    .before('period_start', to)
    .above('invoice_id', after);
}

/** WHERE over `charges`: operator, zone, status, flight dates in the range; keys after `after`. */
export function chargeWhere(f: BatchFilters, after: string | null = null) {
  const { from, to } = dateRangeOf(f);
  return new Where()
    .eq('operator_icao', f.operator)
    .eq('charging_zone', f.zone)
    .eq('status', f.status)
    .atLeast('flight_date', from === undefined ? undefined : from / DAY_MS)
    .before('flight_date', to === undefined ? undefined : to / DAY_MS)
    .above('charge_id', after);
}
