import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TrajectoryError, trajectoryErrors } from './errors.js';
import { rowReasons } from './types.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const tableCodes = (section: string) =>
  [...readme.slice(readme.indexOf(section)).matchAll(/^\|\s*`([A-Z0-9_]+)`\s*\|([^|]*)\|/gm)].map(
    (m) => ({ code: m[1] ?? '', second: (m[2] ?? '').trim() }),
  );

describe('the README', () => {
  it('lists every error code, and no other, with its retriable flag', () => {
    const rows = tableCodes('## Error codes');
    expect(rows.map((r) => r.code).sort()).toEqual(Object.keys(trajectoryErrors).sort());
    for (const row of rows) {
      const declared = trajectoryErrors[row.code as keyof typeof trajectoryErrors];
      expect(row.second, row.code).toBe(declared.retriable ? 'yes' : 'no');
    }
  });

  it('lists every row reason, and no other', () => {
    const section = readme.slice(readme.indexOf('## Row checks'), readme.indexOf('## Error codes'));
    const codes = [...section.matchAll(/^\|\s*`([A-Z0-9_]+)`/gm)].map((m) => m[1]);
    expect(codes.sort()).toEqual(Object.keys(rowReasons).sort());
  });
});

describe('TrajectoryError', () => {
  it('carries its code, retriable flag and the detail', () => {
    const error = new TrajectoryError('UNKNOWN_FORMAT', 'x.bin');
    expect(error).toMatchObject({ code: 'UNKNOWN_FORMAT', retriable: false });
    expect(error.message).toContain('x.bin');
  });
});
