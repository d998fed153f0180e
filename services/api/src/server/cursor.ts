/**
 * Keyset pagination: a page ends at its last row's sort key (a number, then an id), given to
 * the caller as an opaque string and taken back as `cursor`. Page 1,000 costs what page 1 does.
 */
export function encodeCursor(at: number, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

/** The sort key a cursor of ours holds, or null for anything else. */
export function decodeCursor(cursor: string): { at: number; id: string } | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      Number.isSafeInteger(v[0]) &&
      typeof v[1] === 'string' &&
      // PostgreSQL refuses a NUL in text: a forged cursor must be a 400, not a 500.
      ![...v[1]].some((c) => c.charCodeAt(0) < 0x20)
    )
      return { at: v[0] as number, id: v[1] };
  } catch {
    // not a cursor of ours
  }
  return null;
}
