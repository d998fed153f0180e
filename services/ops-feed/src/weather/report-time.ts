/**
 * A report's `DDHHMMZ` as UTC epoch ms: the latest such time that is not more than
 * `futureSlackMs` after `reference` (a METAR is observed before it is fetched; a report from
 * the 31st fetched on the 1st belongs to the month before). Null when no month near the
 * reference has that day.
 */
export function resolveDayTime(
  day: number,
  hour: number,
  minute: number,
  reference: number,
  futureSlackMs = 60 * 60 * 1000,
): number | null {
  if (!(day >= 1 && day <= 31 && hour >= 0 && hour <= 23 && minute >= 0 && minute < 60)) {
    return null;
  }
  const ref = new Date(reference);
  for (const monthOffset of [1, 0, -1, -2]) {
    const year = ref.getUTCFullYear();
    const month = ref.getUTCMonth() + monthOffset;
    const candidate = Date.UTC(year, month, day, hour, minute);
    // Date.UTC rolls 31 February into March: that month has no such day.
    if (new Date(Date.UTC(year, month, day)).getUTCDate() !== day) continue;
    if (candidate <= reference + futureSlackMs) return candidate;
  }
  return null;
}
