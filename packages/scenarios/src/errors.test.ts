import { readFileSync } from 'node:fs';
import { errorTableProblems } from '@overfly/errors';
import { describe, expect, it } from 'vitest';
import { ScenarioError, scenarioErrors } from './errors.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('the README error table', () => {
  it('lists every code once, and no other, with its retriable flag and a meaning', () => {
    expect(errorTableProblems(readme, scenarioErrors)).toEqual([]);
  });
});

describe('ScenarioError', () => {
  it('carries the code, the retriable flag and every issue with its field', () => {
    const error = new ScenarioError('SCENARIOS_INVALID', 'mine.json', {
      issues: [
        { path: 'seed', message: 'required' },
        { path: 'flights[0].origin', message: 'unknown airport "LFXX"' },
      ],
    });
    expect(error).toMatchObject({
      name: 'ScenarioError',
      code: 'SCENARIOS_INVALID',
      retriable: false,
    });
    expect(error.message).toBe(
      'the scenario document is invalid: mine.json\n  - seed: required\n  - flights[0].origin: unknown airport "LFXX"',
    );
  });
});
