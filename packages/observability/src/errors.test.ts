import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { observabilityErrors } from './errors.js';

describe('error codes', () => {
  it('are all listed in the README', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const code of Object.keys(observabilityErrors)) expect(readme).toContain(`\`${code}\``);
  });
});
