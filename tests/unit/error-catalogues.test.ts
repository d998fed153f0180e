// An operator who meets a code in a log line or a dead-letter header looks it up from the
// root README's "Error codes" section. That list stays complete only if a catalogue cannot
// be added without it, and a code means one thing only if one catalogue declares it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { apiConfigSchema } from '../../services/api/src/config.js';
import { feeConfigSchema } from '../../services/fee-calculator/src/config.js';
import { analyserConfigSchema } from '../../services/fir-analyser/src/config.js';
import { configSchema as producerConfigSchema } from '../../services/flight-producer/src/config.js';
import { writerConfigSchema } from '../../services/invoice-writer/src/config.js';
import { notifierConfigSchema } from '../../services/notifier/src/config.js';
import { opsFeedConfigSchema } from '../../services/ops-feed/src/config.js';
import {
  catalogueFiles,
  codeMentions,
  type FoundCatalogue,
  loadCatalogues,
  ownerOf,
  prefixOf,
  sharedCodes,
} from '../support/error-catalogues.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Every variable a service or the compose file reads: names that are not error codes. */
function environmentVariables(): string[] {
  const schemas = [
    feeConfigSchema,
    analyserConfigSchema,
    producerConfigSchema,
    writerConfigSchema,
    opsFeedConfigSchema,
    notifierConfigSchema,
    apiConfigSchema,
  ];
  const compose = parse(readFileSync(`${root}docker-compose.yml`, 'utf8')) as {
    services: Record<string, { environment?: Record<string, unknown> }>;
  };
  return [
    ...schemas.flatMap((schema) => Object.keys(schema.shape)),
    ...Object.values(compose.services).flatMap((s) => Object.keys(s.environment ?? {})),
    // The broker image reads every KAFKA_* variable into its server.properties.
    ...[...readFileSync(`${root}docs/docker-compose.md`, 'utf8').matchAll(/\bKAFKA_[A-Z_]+/g)].map(
      (m) => m[0],
    ),
    ...[
      ...readFileSync(`${root}tests/unit/docker-compose.test.ts`, 'utf8').matchAll(
        /\bKAFKA_[A-Z_]+/g,
      ),
    ].map((m) => m[0]),
  ];
}
const readme = readFileSync(`${root}README.md`, 'utf8');
const section = readme.slice(
  readme.indexOf('## Error codes'),
  readme.indexOf('\n## ', readme.indexOf('## Error codes') + 1),
);
const files = catalogueFiles(root);
let catalogues: FoundCatalogue[] = [];

beforeAll(async () => {
  catalogues = await loadCatalogues(root, files);
});

describe('the error catalogues', () => {
  it('are found where they are expected', () => {
    expect(files).toContain('packages/geo/src/errors.ts');
    expect(files).toContain('services/fir-analyser/src/errors.ts');
    expect(files).toContain('infra/src/errors.ts');
    expect(catalogues.map((c) => c.prefix)).toContain('FLIGHT_PRODUCER');
  });

  it('are each linked from the root README’s "Error codes" section', () => {
    expect(section).toContain('## Error codes');
    const owners = [...new Set(files.map(ownerOf))];
    expect(owners.filter((owner) => !section.includes(`](${owner}/README.md`))).toEqual([]);
  });

  it('each carry their owner’s name as prefix, in upper snake case', () => {
    const wrong = catalogues
      .filter((c) => c.prefix !== null && c.prefix !== prefixOf(c.owner))
      .map((c) => `${c.file}: ${c.prefix}, expected ${prefixOf(c.owner)}`);
    expect(wrong).toEqual([]);
  });

  it('never declare the same code twice', () => {
    expect(catalogues.length).toBeGreaterThan(10);
    expect(sharedCodes(catalogues)).toEqual([]);
  });

  it('declare every code the sources and docs quote with a catalogue’s prefix', () => {
    // Environment variables share some prefixes (KAFKA_BROKERS): they are not codes.
    const declared = new Set([...catalogues.flatMap((c) => c.codes), ...environmentVariables()]);
    const prefixes = catalogues.flatMap((c) => (c.prefix === null ? [] : [c.prefix]));
    const undeclared = codeMentions(root, prefixes)
      .filter((m) => !declared.has(m.code))
      .map((m) => `${m.file}:${m.line}: ${m.code}`);
    expect(undeclared).toEqual([]);
  });
});

describe('the rules on made-up catalogues', () => {
  it('take the prefix from the folder name', () => {
    expect(prefixOf('services/flight-producer')).toBe('FLIGHT_PRODUCER');
    expect(prefixOf('infra')).toBe('INFRA');
    expect(ownerOf('services/fir-analyser/src/errors.ts')).toBe('services/fir-analyser');
    expect(ownerOf('infra/src/errors.ts')).toBe('infra');
  });

  it('name a code two catalogues share, with both files', () => {
    const a = { owner: 'packages/a', file: 'a.ts', prefix: 'A', codes: ['A_X', 'SHARED'] };
    const b = { owner: 'packages/b', file: 'b.ts', prefix: null, codes: ['SHARED'] };
    expect(sharedCodes([a, b])).toEqual(['SHARED: a.ts, b.ts']);
  });
});
