import { readFileSync } from 'node:fs';
import { errorTableProblems } from '@overfly/errors';
import { describe, expect, it } from 'vitest';
import { resolveTrackConfig } from './config.js';
import { TrackingError, trackingErrors } from './errors.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('the README error table', () => {
  it('lists every code once with its retriable flag, and nothing else', () => {
    expect(errorTableProblems(readme, trackingErrors)).toEqual([]);
  });
});

describe('configuration', () => {
  it('refuses a bad threshold with TRACKING_CONFIG_INVALID naming it', () => {
    expect(() => resolveTrackConfig({ gapMs: -1 })).toThrow(TrackingError);
    expect(() => resolveTrackConfig({ maxSpeedKt: Number.NaN })).toThrow(/maxSpeedKt/);
  });
});
