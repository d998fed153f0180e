import { readFileSync } from 'node:fs';
import { describeConfig } from '@overfly/config';
import { describe, expect, it } from 'vitest';
import { writerConfigSchema } from './config.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('the README', () => {
  it('documents every configuration variable the service reads', () => {
    const missing = describeConfig(writerConfigSchema)
      .map((v) => v.name)
      .filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
