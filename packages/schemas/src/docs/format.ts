// Small Markdown and wording helpers of docs/topics.md.

const units: ReadonlyArray<readonly [number, string]> = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'min'],
  [1_000, 's'],
];

/** A topic's retention as people say it: `7 d`, `36 h`, `forever` for -1. */
export function humanRetention(retentionMs: number): string {
  if (retentionMs === -1) return 'forever';
  for (const [size, unit] of units) {
    if (retentionMs % size === 0) return `${retentionMs / size} ${unit}`;
  }
  return `${retentionMs} ms`;
}

/**
 * Text from a schema or the catalogue made safe as Markdown prose: `<consumer group>`
 * outside code spans would be read as an HTML tag and vanish.
 */
export function prose(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part) => (part.startsWith('`') ? part : part.replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('');
}

/** Text made safe for one cell of a Markdown table. */
export function cell(text: string): string {
  return prose(text)
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|');
}

/** A GitHub-style heading anchor: `fir.crossings` → `fircrossings`. */
export function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

export const code = (text: string): string => `\`${text}\``;
