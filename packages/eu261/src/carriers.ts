import { Eu261Error } from './errors.js';
import { readTable } from './table.js';
import type { Carrier } from './types.js';

/** What the carriers table says of one airline: a Community carrier or not, and why. */
export interface CarrierFound extends Carrier {
  /** The row's basis, or why a designator the table does not name is taken as not Community. */
  basis: string;
}

export interface Carriers {
  carrierOf(icao: string): CarrierFound;
}

const DEFAULT_FILE = new URL('../../../data/eu261/carriers.csv', import.meta.url);

/**
 * The carriers table (data/eu261/carriers.csv, its sources in its header): ICAO airline
 * designators with whether their operating licence is a Community one (Art. 2(c)).
 */
export function loadCarriers(path: string | URL = DEFAULT_FILE): Carriers {
  const { where, records } = readTable(path, 'EU261_CARRIERS_INVALID');
  const rows = new Map<string, CarrierFound>();
  for (const [index, record] of records.entries()) {
    const { icao = '', community = '', basis = '' } = record;
    if (
      !/^[A-Z]{3}$/.test(icao) ||
      (community !== 'yes' && community !== 'no') ||
      basis === '' ||
      rows.has(icao)
    )
      throw new Eu261Error(
        'EU261_CARRIERS_INVALID',
        `${where}: row ${index + 1} (${Object.values(record).join(',')}) needs a unique 3-letter ICAO designator, community yes|no and a basis`,
      );
    rows.set(icao, { icao, community: community === 'yes', basis });
  }
  if (rows.size === 0) throw new Eu261Error('EU261_CARRIERS_INVALID', `${where}: no rows`);
  return {
    carrierOf(icao: string): CarrierFound {
      const code = icao.toUpperCase();
      return (
        rows.get(code) ?? {
          icao: code,
          community: false,
          basis: 'not in the carriers table: taken as not a Community carrier',
        }
      );
    },
  };
}

let cached: Carriers | undefined;

/** The bundled table, read once per process. */
export function defaultCarriers(): Carriers {
  cached ??= loadCarriers();
  return cached;
}
