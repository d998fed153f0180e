/** Reads the `[FIRs]` section of VATSpy.dat: ICAO|NAME|CALLSIGN PREFIX|FIR BOUNDARY. */
export interface VatspyFirRow {
  icao: string;
  name: string;
  prefix: string;
  boundary: string;
}

export function vatspyFirRows(text: string): VatspyFirRow[] {
  const rows: VatspyFirRow[] = [];
  let section = '';
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith(';')) continue;
    if (line.startsWith('[')) {
      section = line;
      continue;
    }
    if (section !== '[FIRs]') continue;
    const [icao = '', name = '', prefix = '', boundary = ''] = line.split('|');
    rows.push({ icao, name, prefix, boundary });
  }
  return rows;
}

/**
 * One name per boundary id: the first row whose ICAO is the boundary id itself (the FIR's
 * own row, before its callsign variants), else the first row pointing at the boundary.
 */
export function firNamesByBoundary(rows: readonly VatspyFirRow[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const row of rows) {
    if (row.boundary === '' || row.name === '') continue;
    if (row.icao === row.boundary && !names.has(`own:${row.boundary}`)) {
      names.set(`own:${row.boundary}`, row.name);
    }
    if (!names.has(row.boundary)) names.set(row.boundary, row.name);
  }
  const out = new Map<string, string>();
  for (const [key, name] of names) {
    if (key.startsWith('own:')) continue;
    out.set(key, names.get(`own:${key}`) ?? name);
  }
  return out;
}
