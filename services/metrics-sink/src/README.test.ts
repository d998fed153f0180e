import { readFileSync } from 'node:fs';
import { commonConfig, describeConfig } from '@overfly/config';
import { describe, expect, it } from 'vitest';
import { sinkConfigSchema } from './config.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('the README', () => {
  it('documents every configuration variable of the service (the common ones are in the root README)', () => {
    const missing = describeConfig(sinkConfigSchema)
      .map((v) => v.name)
      .filter((name) => !(name in commonConfig) && !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
