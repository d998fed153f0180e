import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INFRA_ERRORS } from '../../infra/src/errors.js';

const readme = readFileSync(
  fileURLToPath(new URL('../../infra/README.md', import.meta.url)),
  'utf8',
);

describe('infra error codes', () => {
  const documented = [...readme.matchAll(/^\| `(OVERFLY_INFRA_[A-Z_]+)` \| (yes|no) \|/gm)].map(
    (m) => ({
      code: m[1],
      retriable: m[2] === 'yes',
    }),
  );

  it('are each listed in infra/README.md with their retriable flag, and nothing else is', () => {
    expect(documented).toEqual(
      Object.entries(INFRA_ERRORS).map(([code, def]) => ({ code, retriable: def.retriable })),
    );
  });
});
