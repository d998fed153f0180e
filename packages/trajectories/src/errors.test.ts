import { readFileSync } from 'node:fs';
import { errorTableProblems } from '@overfly/errors';
import { describe, expect, it } from 'vitest';
import { TrajectoryError, trajectoryErrors } from './errors.js';
import { rowReasons } from './types.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('the README', () => {
  it('lists every error code, and no other, with its retriable flag', () => {
    expect(errorTableProblems(readme, trajectoryErrors)).toEqual([]);
  });

  it('lists every row reason, and no other', () => {
    const section = readme.slice(readme.indexOf('## Row checks'), readme.indexOf('## Error codes'));
    const codes = [...section.matchAll(/^\|\s*`([A-Z0-9_]+)`/gm)].map((m) => m[1]);
    expect(codes.sort()).toEqual(Object.keys(rowReasons).sort());
  });
});

describe('TrajectoryError', () => {
  it('carries its code, retriable flag and the detail', () => {
    const error = new TrajectoryError('TRAJECTORIES_UNKNOWN_FORMAT', 'x.bin');
    expect(error).toMatchObject({ code: 'TRAJECTORIES_UNKNOWN_FORMAT', retriable: false });
    expect(error.message).toContain('x.bin');
  });
});
