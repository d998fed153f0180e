import { readFileSync } from 'node:fs';
import { describeConfig } from '@overfly/config';
import { disruptionTypeSymbols } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { correlatorConfigSchema } from './config.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('the README', () => {
  it('documents every configuration variable the service reads', () => {
    const missing = describeConfig(correlatorConfigSchema)
      .map((v) => v.name)
      .filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });

  it('gives every disruption type a row of the patterns table', () => {
    const firstCells = readme
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.split('|')[1] ?? '');
    const types = disruptionTypeSymbols.filter((t) => t !== 'UNKNOWN');
    expect(types.filter((t) => !firstCells.some((cell) => cell.includes(`\`${t}\``)))).toEqual([]);
  });
});
