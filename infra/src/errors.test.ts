import { readFileSync } from 'node:fs';
import { errorTableProblems } from '@overfly/errors';
import { describe, expect, it } from 'vitest';
import { infraErrors } from './errors.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('infra error codes', () => {
  it('are each listed in infra/README.md with their retriable flag, and nothing else is', () => {
    expect(errorTableProblems(readme, infraErrors)).toEqual([]);
  });

  it('are listed in the order they are declared', () => {
    const documented = [...readme.matchAll(/^\| `(INFRA_[A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented).toEqual(infraErrors.entries.map((entry) => entry.code));
  });
});
