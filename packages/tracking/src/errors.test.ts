import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveTrackConfig } from './config.js';
import { TrackingError, type TrackingErrorCode, trackingErrors } from './errors.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Error codes'));
const rows = [...section.matchAll(/^\|\s*`([A-Z_]+)`\s*\|([^|]*)\|([^|]*)\|/gm)].map((m) => ({
  code: m[1] ?? '',
  retriable: (m[2] ?? '').trim(),
}));

describe('the README error table', () => {
  it('lists every code once with its retriable flag, and nothing else', () => {
    const codes = Object.keys(trackingErrors) as TrackingErrorCode[];
    expect(rows.map((r) => r.code).sort()).toEqual([...codes].sort());
    for (const row of rows) {
      expect(row.retriable).toBe(
        trackingErrors[row.code as TrackingErrorCode].retriable ? 'yes' : 'no',
      );
    }
  });
});

describe('configuration', () => {
  it('refuses a bad threshold with CONFIG_INVALID naming it', () => {
    expect(() => resolveTrackConfig({ gapMs: -1 })).toThrow(TrackingError);
    expect(() => resolveTrackConfig({ maxSpeedKt: Number.NaN })).toThrow(/maxSpeedKt/);
  });
});
