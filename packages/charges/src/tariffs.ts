import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv, requireSource } from './csv.js';
import { ChargesError } from './errors.js';
import { assertCurrency, type Decimal, parseDecimal, toMinorUnits } from './money.js';
import { monthIndex } from './month.js';
import { isOptionalExemption, type OptionalExemption } from './reasons.js';

const ZONES_HEADER = ['fir', 'zone', 'zone_name', 'source'] as const;
const UNIT_RATES_HEADER = [
  'zone',
  'from_month',
  'to_month',
  'unit_rate',
  'currency',
  'source',
] as const;
const EXCHANGE_RATES_HEADER = ['month', 'from_currency', 'to_currency', 'rate', 'source'] as const;
const ZONE_EXEMPTIONS_HEADER = ['zone', 'exemption', 'source'] as const;

export interface UnitRate {
  zone: string;
  fromMonth: string;
  toMonth: string;
  /** As published, e.g. "73.24". */
  text: string;
  minor: bigint;
  currency: string;
  digits: number;
  source: string;
}

export interface ExchangeRate {
  month: string;
  from: string;
  to: string;
  /** 1 unit of `from` = rate units of `to`, exactly as written in the table. */
  rate: Decimal;
  source: string;
}

/** A loaded tariff: everything that turns service units into money, under one version id. */
export interface Tariff {
  version: string;
  billingCurrency: string;
  billingDigits: number;
  /** Callsign prefixes of known calibration campaigns (flight type, not a zone rule). */
  calibrationCallsignPrefixes: readonly string[];
  zoneOf(firId: string): { zone: string; name: string } | undefined;
  /** A charging zone by its id (e.g. 'LF'), when the tariff has a FIR in it. */
  zone(id: string): { zone: string; name: string } | undefined;
  unitRate(zone: string, month: string): UnitRate | undefined;
  exchangeRate(month: string, from: string, to: string): ExchangeRate | undefined;
  optionalExemptions(zone: string): ReadonlySet<OptionalExemption>;
}

export interface TariffManifest {
  version: string;
  billingCurrency: string;
  calibrationCallsignPrefixes?: string[];
  files: { zones: string; unitRates: string; exchangeRates: string; zoneExemptions: string };
}

/** The texts of a tariff's files, so tests and services can build one without the disk. */
export interface TariffSources {
  manifest: unknown;
  zones: string;
  unitRates: string;
  exchangeRates: string;
  zoneExemptions: string;
  /** Names used in error messages. */
  paths?: Partial<
    Record<'manifest' | 'zones' | 'unitRates' | 'exchangeRates' | 'zoneExemptions', string>
  >;
}

function parseManifest(value: unknown, path = 'tariff.json'): TariffManifest {
  const bad = (detail: string) =>
    new ChargesError('CHARGES_TARIFF_MANIFEST_INVALID', detail, { location: { path } });
  if (typeof value !== 'object' || value === null) throw bad('not an object');
  const v = value as Record<string, unknown>;
  if (typeof v.version !== 'string' || v.version.trim() === '') throw bad('version missing');
  if (typeof v.billingCurrency !== 'string') throw bad('billingCurrency missing');
  const files = v.files as Record<string, unknown> | undefined;
  const names = ['zones', 'unitRates', 'exchangeRates', 'zoneExemptions'] as const;
  if (
    typeof files !== 'object' ||
    files === null ||
    names.some((n) => typeof files[n] !== 'string')
  )
    throw bad(`files must name ${names.join(', ')}`);
  const prefixes = v.calibrationCallsignPrefixes ?? [];
  if (!Array.isArray(prefixes) || prefixes.some((p) => typeof p !== 'string' || p === ''))
    throw bad('calibrationCallsignPrefixes must be an array of non-empty strings');
  return {
    version: v.version,
    billingCurrency: v.billingCurrency,
    calibrationCallsignPrefixes: prefixes as string[],
    files: {
      zones: files.zones as string,
      unitRates: files.unitRates as string,
      exchangeRates: files.exchangeRates as string,
      zoneExemptions: files.zoneExemptions as string,
    },
  };
}

/** Builds a Tariff from file texts; every bad row throws a ChargesError naming file and line. */
export function parseTariff(sources: TariffSources): Tariff {
  const p = {
    manifest: 'tariff.json',
    zones: 'zones',
    unitRates: 'unit rates',
    exchangeRates: 'exchange rates',
    zoneExemptions: 'zone exemptions',
    ...sources.paths,
  };
  const manifest = parseManifest(sources.manifest, p.manifest);
  const billingDigits = assertCurrency(manifest.billingCurrency, { path: p.manifest });

  const zones = new Map<string, { zone: string; name: string }>();
  for (const row of parseCsv(sources.zones, ZONES_HEADER, p.zones)) {
    const fir = row.get('fir');
    const zone = row.get('zone');
    const location = { path: p.zones, line: row.line };
    if (fir === '' || zone === '')
      throw new ChargesError('CHARGES_ZONE_INVALID', 'empty fir or zone', { location });
    if (zones.has(fir))
      throw new ChargesError('CHARGES_ZONE_INVALID', `FIR ${fir} mapped twice`, { location });
    requireSource(row, p.zones);
    zones.set(fir, { zone, name: row.get('zone_name') });
  }

  const rates: UnitRate[] = [];
  for (const row of parseCsv(sources.unitRates, UNIT_RATES_HEADER, p.unitRates)) {
    const location = { path: p.unitRates, line: row.line };
    const zone = row.get('zone');
    if (zone === '') throw new ChargesError('CHARGES_ZONE_INVALID', 'empty zone', { location });
    const from = row.get('from_month');
    const to = row.get('to_month');
    if (monthIndex(to, location) < monthIndex(from, location))
      throw new ChargesError('CHARGES_MONTH_INVALID', `${from}..${to}`, { location });
    const currency = row.get('currency');
    const digits = assertCurrency(currency, location);
    const text = row.get('unit_rate');
    const minor = toMinorUnits(text, digits);
    if (minor === undefined || minor <= 0n)
      throw new ChargesError('CHARGES_UNIT_RATE_INVALID', `'${text}' ${currency}`, { location });
    const source = requireSource(row, p.unitRates);
    const clash = rates.find(
      (r) =>
        r.zone === zone &&
        monthIndex(r.fromMonth) <= monthIndex(to) &&
        monthIndex(from) <= monthIndex(r.toMonth),
    );
    if (clash)
      throw new ChargesError(
        'CHARGES_UNIT_RATE_OVERLAP',
        `${zone} ${from}..${to} and ${clash.fromMonth}..${clash.toMonth}`,
        { location },
      );
    rates.push({ zone, fromMonth: from, toMonth: to, text, minor, currency, digits, source });
  }

  const fx = new Map<string, ExchangeRate>();
  for (const row of parseCsv(sources.exchangeRates, EXCHANGE_RATES_HEADER, p.exchangeRates)) {
    const location = { path: p.exchangeRates, line: row.line };
    const month = row.get('month');
    monthIndex(month, location);
    const from = row.get('from_currency');
    const to = row.get('to_currency');
    assertCurrency(from, location);
    assertCurrency(to, location);
    const rate = parseDecimal(row.get('rate'));
    if (!rate || rate.num === 0n)
      throw new ChargesError('CHARGES_EXCHANGE_RATE_INVALID', `'${row.get('rate')}'`, { location });
    const source = requireSource(row, p.exchangeRates);
    const key = `${month}|${from}|${to}`;
    if (fx.has(key)) throw new ChargesError('CHARGES_EXCHANGE_RATE_DUPLICATE', key, { location });
    fx.set(key, { month, from, to, rate, source });
  }

  const exemptions = new Map<string, Set<OptionalExemption>>();
  for (const row of parseCsv(sources.zoneExemptions, ZONE_EXEMPTIONS_HEADER, p.zoneExemptions)) {
    const location = { path: p.zoneExemptions, line: row.line };
    const code = row.get('exemption');
    if (!isOptionalExemption(code))
      throw new ChargesError('CHARGES_EXEMPTION_UNKNOWN', `'${code}'`, { location });
    requireSource(row, p.zoneExemptions);
    const zone = row.get('zone');
    const set = exemptions.get(zone) ?? new Set<OptionalExemption>();
    set.add(code);
    exemptions.set(zone, set);
  }

  const none: ReadonlySet<OptionalExemption> = new Set();
  const zonesById = new Map([...zones.values()].map((z) => [z.zone, z]));
  const rateSpans = rates.map((r) => ({
    rate: r,
    from: monthIndex(r.fromMonth),
    to: monthIndex(r.toMonth),
  }));
  return {
    version: manifest.version,
    billingCurrency: manifest.billingCurrency,
    billingDigits,
    calibrationCallsignPrefixes: manifest.calibrationCallsignPrefixes ?? [],
    zoneOf: (firId) => zones.get(firId),
    zone: (id) => zonesById.get(id),
    unitRate: (zone, month) => {
      const m = monthIndex(month);
      return rateSpans.find((s) => s.rate.zone === zone && s.from <= m && m <= s.to)?.rate;
    },
    exchangeRate: (month, from, to) => fx.get(`${month}|${from}|${to}`),
    optionalExemptions: (zone) => exemptions.get(zone) ?? none,
  };
}

/** Reads `dir/tariff.json` and the four files it names. */
export function loadTariff(dir: string): Tariff {
  const read = (name: string) => readText(join(dir, name));
  const manifestPath = join(dir, 'tariff.json');
  let manifestValue: unknown;
  try {
    manifestValue = JSON.parse(readText(manifestPath));
  } catch (error) {
    if (error instanceof ChargesError) throw error;
    throw new ChargesError('CHARGES_TARIFF_MANIFEST_INVALID', 'not JSON', {
      cause: error,
      location: { path: manifestPath },
    });
  }
  const manifest = parseManifest(manifestValue, manifestPath);
  const f = manifest.files;
  return parseTariff({
    manifest: manifestValue,
    zones: read(f.zones),
    unitRates: read(f.unitRates),
    exchangeRates: read(f.exchangeRates),
    zoneExemptions: read(f.zoneExemptions),
    paths: {
      manifest: manifestPath,
      zones: join(dir, f.zones),
      unitRates: join(dir, f.unitRates),
      exchangeRates: join(dir, f.exchangeRates),
      zoneExemptions: join(dir, f.zoneExemptions),
    },
  });
}

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ChargesError('CHARGES_FILE_UNREADABLE', undefined, {
      cause: error,
      location: { path },
    });
  }
}
