import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatAll, readSources, repoRoot } from './codegen/files.js';
import { CodegenError, generate, type Sources } from './codegen/generate.js';
import { currentSubjects, lockIncompatibilities, lockPath, parseLock } from './codegen/lock.js';
import { isJsonObject } from './json.js';

const sources = readSources();

function withSchema(file: string, edit: (schema: Record<string, unknown>) => void): Sources {
  const schemaFiles = new Map(sources.schemaFiles);
  const schema: unknown = JSON.parse(schemaFiles.get(file) ?? '{}');
  if (!isJsonObject(schema)) throw new Error(`${file} is not an object`);
  const copy = { ...schema };
  edit(copy);
  schemaFiles.set(file, JSON.stringify(copy));
  return { ...sources, schemaFiles };
}

function problemsOf(input: Sources): readonly string[] {
  try {
    generate(input);
    return [];
  } catch (error: unknown) {
    if (error instanceof CodegenError) return error.problems;
    throw error;
  }
}

describe('codegen', () => {
  it('has committed generated files identical to a fresh run (run `pnpm codegen` if not)', () => {
    for (const [path, content] of formatAll(generate(sources))) {
      const absolute = join(repoRoot, path);
      expect(existsSync(absolute), `${path} is missing`).toBe(true);
      expect(readFileSync(absolute, 'utf8'), `${path} is stale`).toBe(content);
    }
  });

  it('has one schema file per catalogued topic and one topic per schema file', () => {
    const catalogue: unknown = JSON.parse(sources.topicsJson);
    const topics =
      isJsonObject(catalogue) && Array.isArray(catalogue.topics) ? catalogue.topics : [];
    const names = topics.map((topic: unknown) => (isJsonObject(topic) ? String(topic.name) : ''));
    // The 16 public topics of DESIGN.md plus fir-analyser's internal changelog.
    expect(names).toHaveLength(20);
    expect([...sources.schemaFiles.keys()].sort()).toEqual(
      names.map((name) => `${name}.avsc`).sort(),
    );
  });

  it('finds no problem in the committed schemas (every record, enum and field has a doc)', () => {
    expect(problemsOf(sources)).toEqual([]);
  });

  it('names a field without a doc', () => {
    const broken = withSchema('flights.updates.avsc', (schema) => {
      schema.fields = [{ name: 'undocumented', type: 'string' }];
    });
    expect(problemsOf(broken)).toContain(
      'flights.updates.avsc: PositionUpdate.undocumented: field has no doc',
    );
  });

  it('names a record without a doc', () => {
    const broken = withSchema('dead.letter.avsc', (schema) => {
      delete schema.doc;
    });
    expect(problemsOf(broken)).toContain(
      'dead.letter.avsc: io.overfly.system.DeadLetter: record has no doc',
    );
  });

  it('refuses unions other than ["null", T]', () => {
    const broken = withSchema('flights.updates.avsc', (schema) => {
      schema.fields = [{ name: 'either', type: ['string', 'long'], doc: 'x' }];
    });
    expect(problemsOf(broken)).toContain(
      'flights.updates.avsc: PositionUpdate.either: only ["null", T] unions are allowed',
    );
  });

  it('refuses two different definitions under one type name', () => {
    const broken = withSchema('invoices.events.avsc', (schema) => {
      schema.fields = [
        {
          name: 'total',
          doc: 'x',
          type: {
            type: 'record',
            name: 'Money',
            namespace: 'io.overfly.common',
            doc: 'y',
            fields: [{ name: 'cents', type: 'long', doc: 'z' }],
          },
        },
      ];
    });
    expect(problemsOf(broken).join('\n')).toMatch(
      /io\.overfly\.common\.Money differs from its declaration/,
    );
  });

  it('refuses a schema file no topic uses', () => {
    const schemaFiles = new Map(sources.schemaFiles);
    schemaFiles.set('orphan.avsc', sources.schemaFiles.get('dead.letter.avsc') ?? '');
    expect(problemsOf({ ...sources, schemaFiles })).toContain(
      'orphan.avsc: no topic in topics.json uses it',
    );
  });

  it('keeps the current schemas BACKWARD compatible with the released lock', () => {
    const released = parseLock(readFileSync(join(repoRoot, lockPath), 'utf8'));
    const current = currentSubjects(sources);
    expect(lockIncompatibilities(released, current)).toEqual([]);
    expect(Object.keys(released).sort()).toEqual(Object.keys(current).sort());
  });
});
