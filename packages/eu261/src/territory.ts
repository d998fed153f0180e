import { Eu261Error } from './errors.js';
import { readTable } from './table.js';

/** Where an airport is, for Art. 3(1) and Art. 7(1)(b): the row of the territory table it falls under. */
export interface Place {
  /** `Germany`, `France (Réunion)`, `Faroe Islands (Vágar)`; null when no row matches. */
  territory: string | null;
  /** The Regulation applies at this airport. */
  applies: boolean;
  /** Why (the row's basis), or why not. */
  basis: string;
}

export interface Territory {
  placeOf(icao: string): Place;
}

const DEFAULT_FILE = new URL('../../../data/eu261/territory.csv', import.meta.url);
const COLUMNS = ['prefix', 'territory', 'applies', 'basis'];

/**
 * The territory table (data/eu261/territory.csv, its sources in its header): ICAO prefixes of
 * the EU Member States, outermost regions included, of the EEA states and of Switzerland, with
 * rows for the airports inside those prefixes the Regulation does not reach. The longest
 * matching prefix decides.
 */
export function loadTerritory(path: string | URL = DEFAULT_FILE): Territory {
  const { where, records } = readTable(path, 'EU261_TERRITORY_INVALID');
  const rows = new Map<string, Place>();
  for (const [index, record] of records.entries()) {
    const missing = COLUMNS.filter((c) => !(c in record));
    const { prefix = '', territory = '', applies = '', basis = '' } = record;
    if (
      missing.length > 0 ||
      !/^[A-Z]{1,4}$/.test(prefix) ||
      territory === '' ||
      basis === '' ||
      (applies !== 'yes' && applies !== 'no') ||
      rows.has(prefix)
    )
      throw new Eu261Error(
        'EU261_TERRITORY_INVALID',
        `${where}: row ${index + 1} (${Object.values(record).join(',')}) needs a unique 1-4 letter prefix, a territory, applies yes|no and a basis`,
      );
    rows.set(prefix, { territory, applies: applies === 'yes', basis });
  }
  if (rows.size === 0) throw new Eu261Error('EU261_TERRITORY_INVALID', `${where}: no rows`);
  return {
    placeOf(icao: string): Place {
      const code = icao.toUpperCase();
      for (let length = Math.min(4, code.length); length > 0; length--) {
        const place = rows.get(code.slice(0, length));
        if (place) return place;
      }
      return {
        territory: null,
        applies: false,
        basis: 'a third country: no row of the territory table',
      };
    },
  };
}

let cached: Territory | undefined;

/** The bundled table, read once per process. */
export function defaultTerritory(): Territory {
  cached ??= loadTerritory();
  return cached;
}
