import { readFileSync } from 'node:fs';
import { errorTableProblems } from '@overfly/errors';
import { describe, expect, it } from 'vitest';
import { Eu261Error, eu261Errors } from './errors.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('the README error table', () => {
  it('lists every code once, and no other, with its retriable flag and a meaning', () => {
    expect(errorTableProblems(readme, eu261Errors)).toEqual([]);
  });
});

describe('Eu261Error', () => {
  it('carries the code, the retriable flag and the field at fault, and names the field first', () => {
    const error = new Eu261Error('EU261_AIRPORT_UNKNOWN', 'KXYZ', { field: 'legs[0].to' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('Eu261Error');
    expect(error.retriable).toBe(false);
    expect(error.field).toBe('legs[0].to');
    expect(error.message).toBe(
      `${eu261Errors.entry('EU261_AIRPORT_UNKNOWN').message}: legs[0].to: KXYZ`,
    );
  });
});
