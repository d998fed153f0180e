/**
 * Overfly's one duration grammar, for environment variables, scenario files and command
 * lines alike: one or more parts written together, each a number (decimals allowed) and its
 * unit — `ms`, `s`, `m`, `h` or `d`: "250ms", "10s", "1.5s", "5m", "1h30m", "2d". Space around
 * the whole is ignored, none is allowed inside. A bare number is refused: "10" could be
 * milliseconds, seconds or minutes, and a wrong guess is silent.
 */
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;

const MS_PER_DURATION_UNIT: Readonly<Record<'ms' | 's' | 'm' | 'h' | 'd', number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** What a duration looks like, for "expected …" messages. */
export const DURATION_FORMAT = 'a duration like 250ms, 10s, 5m, 1h30m (a unit is required)';

/** "90s", "45m", "1h30m", "2d" → milliseconds (rounded), or null when the text is not a duration. */
export function parseDuration(text: string): number | null {
  const source = text.trim();
  if (source === '') return null;
  PART.lastIndex = 0;
  let total = 0;
  while (PART.lastIndex < source.length) {
    const match = PART.exec(source);
    if (!match) return null;
    total +=
      Number(match[1]) *
      (MS_PER_DURATION_UNIT[match[2] as keyof typeof MS_PER_DURATION_UNIT] ?? Number.NaN);
  }
  return Number.isFinite(total) ? Math.round(total) : null;
}

/** 5_400_000 → "1h30m": for messages and summaries (whole seconds). */
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
