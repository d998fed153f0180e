const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;
const MS_PER_UNIT: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * "90s", "45m", "1h30m", "2d" → milliseconds (rounded), or null when the text is not a
 * duration. A bare number is refused: in a scenario file "10" could be seconds or minutes.
 */
export function parseDuration(text: string): number | null {
  const source = text.trim();
  if (source === '') return null;
  PART.lastIndex = 0;
  let total = 0;
  while (PART.lastIndex < source.length) {
    const match = PART.exec(source);
    if (!match) return null;
    total += Number(match[1]) * (MS_PER_UNIT[match[2] ?? ''] ?? Number.NaN);
  }
  return Number.isFinite(total) ? Math.round(total) : null;
}

/** 5_400_000 → "1h30m": for messages and summaries. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(Math.round(ms / 1000));
  const parts: string[] = [];
  for (const [unit, seconds] of [
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / seconds);
    rest -= n * seconds;
    if (n > 0) parts.push(`${n}${unit}`);
  }
  return sign + (parts.join('') || '0s');
}
