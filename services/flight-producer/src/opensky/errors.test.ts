import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPENSKY_ERROR_CODES, openSkyErrors } from './errors.js';

describe('OpenSky error codes', () => {
  it('are all listed in README.md with their retriable flag', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    for (const code of OPENSKY_ERROR_CODES) {
      const line = readme.split('\n').find((l) => l.startsWith(`| \`${code}\``));
      expect(line, `README.md lists ${code}`).toBeDefined();
      expect(line).toContain(openSkyErrors[code].retriable ? '| yes ' : '| no ');
    }
  });
});
