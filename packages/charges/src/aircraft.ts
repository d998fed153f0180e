import { basename } from 'node:path';
import { parseCsv, readCsvRecords, requireSource } from './csv.js';
import { ChargesError } from './errors.js';
import { readText } from './tariffs.js';

const REGISTRY_HEADER = ['icao24', 'type', 'source'] as const;
const MTOW_OVERRIDES_HEADER = ['type', 'mtow_kg', 'source'] as const;

export interface AircraftType {
  type: string;
  source: string;
}

export interface Mtow {
  kg: number;
  source: string;
}

/** icao24 → ICAO type designator, and type → MTOW: plain data, no I/O. */
export interface AircraftTables {
  typeOf(icao24: string): AircraftType | undefined;
  mtowOf(type: string): Mtow | undefined;
}

const ICAO24 = /^[0-9a-f]{6}$/;
// ICAO Doc 8643 designators: 2–4 characters, letters and digits, starting with a letter.
const TYPE = /^[A-Z][A-Z0-9]{1,3}$/;

/** Registry rows (later tables extend and override earlier ones, so a user table wins). */
export function parseRegistry(text: string, path: string, into = new Map<string, AircraftType>()) {
  for (const row of parseCsv(text, REGISTRY_HEADER, path)) {
    const location = { path, line: row.line };
    const icao24 = row.get('icao24').toLowerCase();
    const type = row.get('type');
    if (!ICAO24.test(icao24) || !TYPE.test(type))
      throw new ChargesError(
        'CHARGES_AIRCRAFT_TABLE_INVALID',
        `icao24 '${icao24}' type '${type}'`,
        {
          location,
        },
      );
    into.set(icao24, { type, source: requireSource(row, path) });
  }
  return into;
}

function parseMass(text: string, path: string, line: number): number {
  const kg = Number(text);
  if (text === '' || !Number.isFinite(kg) || kg <= 0)
    throw new ChargesError('CHARGES_AIRCRAFT_TABLE_INVALID', `mass '${text}' kg`, {
      location: { path, line },
    });
  return kg;
}

/**
 * The Poll-Schumann parameter table of pycontrails (Apache-2.0): columns `ICAO` and `MTOM_kg`
 * are read, the others ignored. Its masses are one reference variant per type, not always the
 * highest certified MTOW that Annex VIII 1.4 asks for; overrides fix that.
 */
export function parsePsAircraftParams(text: string, path: string, into = new Map<string, Mtow>()) {
  const [header, ...records] = readCsvRecords(text, path, { comments: false });
  const typeCol = header?.fields.indexOf('ICAO') ?? -1;
  const massCol = header?.fields.indexOf('MTOM_kg') ?? -1;
  if (!header || typeCol < 0 || massCol < 0)
    throw new ChargesError('CHARGES_CSV_HEADER_INVALID', 'expected columns ICAO and MTOM_kg', {
      location: { path, line: header?.line ?? 1 },
    });
  for (const { line, fields } of records) {
    if (fields.length !== header.fields.length)
      throw new ChargesError(
        'CHARGES_CSV_MALFORMED',
        `${fields.length} fields where the header has ${header.fields.length}`,
        { location: { path, line } },
      );
    const type = fields[typeCol] ?? '';
    if (!TYPE.test(type))
      throw new ChargesError('CHARGES_AIRCRAFT_TABLE_INVALID', `type '${type}'`, {
        location: { path, line },
      });
    into.set(type, {
      kg: parseMass(fields[massCol] ?? '', path, line),
      // Names the table actually read and the row, so a charge's mtowSource finds its figure.
      source: `${basename(path)} (pycontrails, Apache-2.0), MTOM_kg of ${type}`,
    });
  }
  return into;
}

/** User MTOW overrides: replace the reference value for a type (e.g. its highest certified MTOW). */
export function parseMtowOverrides(text: string, path: string, into = new Map<string, Mtow>()) {
  for (const row of parseCsv(text, MTOW_OVERRIDES_HEADER, path)) {
    const type = row.get('type');
    if (!TYPE.test(type))
      throw new ChargesError('CHARGES_AIRCRAFT_TABLE_INVALID', `type '${type}'`, {
        location: { path, line: row.line },
      });
    into.set(type, {
      kg: parseMass(row.get('mtow_kg'), path, row.line),
      source: requireSource(row, path),
    });
  }
  return into;
}

export function aircraftTables(
  registry: Map<string, AircraftType>,
  mtow: Map<string, Mtow>,
): AircraftTables {
  return {
    typeOf: (icao24) => registry.get(icao24.toLowerCase()),
    mtowOf: (type) => mtow.get(type),
  };
}

export interface AircraftFiles {
  /** Registry CSVs, in order; later ones override earlier ones. */
  registries: string[];
  psAircraftParams: string;
  /** Override CSVs, applied after the reference table, in order. */
  mtowOverrides: string[];
}

export function loadAircraftTables(files: AircraftFiles): AircraftTables {
  const registry = new Map<string, AircraftType>();
  for (const path of files.registries) parseRegistry(readText(path), path, registry);
  const mtow = parsePsAircraftParams(readText(files.psAircraftParams), files.psAircraftParams);
  for (const path of files.mtowOverrides) parseMtowOverrides(readText(path), path, mtow);
  return aircraftTables(registry, mtow);
}

/**
 * The operator's ICAO designator from an ICAO-format callsign: three letters then the flight
 * number, which starts with a digit ("ELY1747" → "ELY", "AFR787V" → "AFR"). Stricter than
 * "the first three letters" on purpose: a registration used as callsign ("FWKDL") or a
 * campaign callsign ("SAVAN01") has no designator, and guessing "FWK" or "SAV" would bill a
 * stranger. Null then: the charge is still computed and held for manual assignment.
 */
export function operatorFromCallsign(callsign: string | null): string | null {
  const m = /^([A-Z]{3})\d/.exec((callsign ?? '').trim().toUpperCase());
  return m?.[1] ?? null;
}
