import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScenarioError, type ScenarioErrorCode, scenarioErrors } from './errors.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Error codes'));
const rows = [...section.matchAll(/^\|\s*`([A-Z_]+)`\s*\|([^|]*)\|([^|]*)\|/gm)].map((m) => ({
  code: m[1] ?? '',
  retriable: (m[2] ?? '').trim(),
  meaning: (m[3] ?? '').trim(),
}));
const codes = Object.keys(scenarioErrors) as ScenarioErrorCode[];

describe('the README error table', () => {
  it('lists every code once, and no other', () => {
    expect(rows.map((r) => r.code).sort()).toEqual([...codes].sort());
  });

  it('gives each code its retriable flag and a meaning', () => {
    for (const row of rows) {
      expect(row.retriable, row.code).toBe(
        scenarioErrors[row.code as ScenarioErrorCode].retriable ? 'yes' : 'no',
      );
      expect(row.meaning, row.code).not.toBe('');
    }
  });
});

describe('ScenarioError', () => {
  it('carries the code, the retriable flag and every issue with its field', () => {
    const error = new ScenarioError('SCENARIO_INVALID', 'mine.json', {
      issues: [
        { path: 'seed', message: 'required' },
        { path: 'flights[0].origin', message: 'unknown airport "LFXX"' },
      ],
    });
    expect(error).toMatchObject({
      name: 'ScenarioError',
      code: 'SCENARIO_INVALID',
      retriable: false,
    });
    expect(error.message).toBe(
      'the scenario document is invalid: mine.json\n  - seed: required\n  - flights[0].origin: unknown airport "LFXX"',
    );
  });
});
