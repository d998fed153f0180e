// aviationstack writes every time with "+00:00" although it is the airport's local time
// (apilayer/aviationstack issues #1 and #2, open since 2020: LHR's 07:40 BST is sent as
// "07:40:00+00:00"). A time so marked is read as wall-clock time in the airport's IANA
// `timezone`, which the API gives with each airport; a time with any other offset is taken
// as written, so a fixed API is read right too.

/** Offset of `timeZone` from UTC at instant `utcMs`, in ms (positive east of Greenwich). */
function zoneOffsetMs(timeZone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return wall - Math.floor(utcMs / 1000) * 1000;
}

const STAMP =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * An aviationstack time as UTC epoch ms; null when absent or not a time. `timeZone` is the
 * airport's IANA zone ('Europe/London'); when it is missing or unknown, the written offset is
 * taken as it stands.
 */
export function aviationstackTime(
  text: string | null | undefined,
  timeZone: string | null | undefined,
): number | null {
  if (!text) return null;
  const match = STAMP.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s, offset] = match;
  const wall = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s ?? 0),
  );
  const zeroOffset = offset === undefined || offset === 'Z' || /^[+-]00:?00$/.test(offset);
  if (!zeroOffset) {
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.replace(/[+:-]/g, '');
    const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
    return wall - sign * minutes * 60_000;
  }
  if (!timeZone) return wall;
  try {
    // The instant whose wall time in the zone is `wall`; checked again at the result, so a
    // time just after a DST change takes the offset in force then.
    let utc = wall - zoneOffsetMs(timeZone, wall);
    utc = wall - zoneOffsetMs(timeZone, utc);
    return utc;
  } catch {
    return wall;
  }
}
