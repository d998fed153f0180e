/** How the page writes times, amounts and distances: UTC, as the rest of Overfly. */

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-12-04 12:30:05Z` from epoch ms. */
export function utc(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(
    d.getUTCHours(),
  )}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z`;
}

/** `1 234.56 EUR` from a decimal string or number (the api sends amounts as strings). */
function money(amount: string | number | null | undefined, currency = 'EUR'): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const n = typeof amount === 'number' ? amount : Number(amount);
  if (!Number.isFinite(n)) return `${amount} ${currency}`;
  return `${n.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
}

export const km = (value: number | null | undefined): string =>
  value === null || value === undefined
    ? '—'
    : `${value.toLocaleString('en-GB', { maximumFractionDigits: 1 })} km`;

/** Feet and flight level from metres. */
export function altitude(metres: number | null | undefined): string {
  if (metres === null || metres === undefined) return '—';
  const feet = metres / 0.3048;
  return feet >= 10_000
    ? `FL${Math.round(feet / 100)}`
    : `${Math.round(feet).toLocaleString('en-GB')} ft`;
}

/** Knots from m/s. */
export const knots = (ms: number | null | undefined): string =>
  ms === null || ms === undefined ? '—' : `${Math.round(ms / 0.514444)} kt`;

export const count = (n: number): string => n.toLocaleString('en-GB');

/** `3.2 s`, `4 min 10 s`, `2 h 5 min`. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Integer minor units and an ISO 4217 code, as the api sends money: `1 234.56 EUR`. */
export function moneyOf(m: { amountMinor: number; currency: string } | null | undefined): string {
  if (!m) return '—';
  let digits = 2;
  try {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency: m.currency }).resolvedOptions()
        .maximumFractionDigits ?? 2;
  } catch {
    // An unknown code: two decimals, as most currencies.
  }
  return money(m.amountMinor / 10 ** digits, m.currency);
}
