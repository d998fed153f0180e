import { readFileSync } from 'node:fs';
import { commonConfig, describeConfig } from '@overfly/config';
import { describe, expect, it } from 'vitest';
import { workerConfigSchema } from './batch/worker-config.js';
import { apiConfigSchema } from './config.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('the README', () => {
  it('documents every configuration variable of the api and its batch worker (the common ones are in the root README)', () => {
    const missing = [...describeConfig(apiConfigSchema), ...describeConfig(workerConfigSchema)]
      .map((v) => v.name)
      .filter((name) => !(name in commonConfig) && !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
