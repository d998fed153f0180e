export interface SplitLine {
  fields: string[];
  /** A quoted field was still open at the end of the line (the caller decides if that is an error). */
  unterminated: boolean;
}

/** Splits one CSV line with RFC 4180 quoting: `"a, b"` is one field and `""` a quote in it. */
export function splitCsvLine(line: string): SplitLine {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return { fields, unterminated: quoted };
}
