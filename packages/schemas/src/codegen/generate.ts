// The pure core of codegen: schema texts and catalogue text in, file contents out.
// The CLI and the up-to-date test both call it, so they cannot disagree.
import { AvroTypeClass } from '../avro.js';
import { parseJson } from '../json.js';
import { buildModel, type NamedDef } from './avro-model.js';
import { readCatalogue } from './catalogue.js';
import { emitSchemas, emitTopics } from './emit-modules.js';
import { emitTypes } from './emit-types.js';

export interface Sources {
  /** File name (e.g. 'flights.updates.avsc') → text, for every schemas/*.avsc. */
  readonly schemaFiles: ReadonlyMap<string, string>;
  readonly topicsJson: string;
}

/** Repository-relative path → content, unformatted. */
export type GeneratedFiles = ReadonlyMap<string, string>;

const generatedDir = 'packages/schemas/src/generated';

export class CodegenError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`schemas/ has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
    this.name = 'CodegenError';
  }
}

/** Checks avsc accepts the schema; logical types it does not implement stay their base type. */
function checkWithAvsc(schema: unknown, file: string, problems: string[]): boolean {
  try {
    // The cast is the boundary: avsc validates the structure and throws on anything wrong.
    AvroTypeClass.forSchema(schema as Parameters<typeof AvroTypeClass.forSchema>[0]);
    return true;
  } catch (error: unknown) {
    problems.push(
      `${file}: avsc rejects the schema: ${error instanceof Error ? error.message : String(error)}`,
    );
    return false;
  }
}

/** Collects named types over all files; a name must mean one thing everywhere. */
function mergeNamed(
  perFile: ReadonlyMap<string, readonly NamedDef[]>,
  problems: string[],
): NamedDef[] {
  const byFullName = new Map<string, { def: NamedDef; file: string }>();
  const bySimpleName = new Map<string, string>();
  const merged: NamedDef[] = [];
  for (const [file, defs] of perFile) {
    for (const def of defs) {
      const seen = byFullName.get(def.fullName);
      if (seen) {
        if (JSON.stringify(seen.def) !== JSON.stringify(def)) {
          problems.push(
            `${file}: ${def.fullName} differs from its declaration in ${seen.file}; copies must be identical`,
          );
        }
        continue;
      }
      const clash = bySimpleName.get(def.name);
      if (clash)
        problems.push(
          `${file}: ${def.fullName} and ${clash} would both be the TypeScript type ${def.name}`,
        );
      byFullName.set(def.fullName, { def, file });
      bySimpleName.set(def.name, def.fullName);
      merged.push(def);
    }
  }
  return merged;
}

export function generate(sources: Sources): GeneratedFiles {
  const problems: string[] = [];
  const topics = readCatalogue(parseJson(sources.topicsJson, 'schemas/topics.json'), problems);
  const catalogued = new Set(topics.map((topic) => topic.valueSchema.file));
  for (const file of sources.schemaFiles.keys()) {
    if (!catalogued.has(file)) problems.push(`${file}: no topic in topics.json uses it`);
  }

  const schemas = new Map<string, unknown>();
  const recordNames = new Map<string, string>();
  const perFile = new Map<string, readonly NamedDef[]>();
  // Types are emitted in topic-name order so output does not depend on catalogue edits.
  for (const topic of [...topics].sort((a, b) => a.name.localeCompare(b.name))) {
    const file = topic.valueSchema.file;
    const text = sources.schemaFiles.get(file);
    if (text === undefined) {
      problems.push(`topics.json: ${topic.name}: schemas/${file} does not exist`);
      continue;
    }
    const schema = parseJson(text, file);
    if (!checkWithAvsc(schema, file, problems)) continue;
    const model = buildModel(schema, file, problems);
    if (model.rootFullName !== topic.valueSchema.record) {
      problems.push(
        `${file}: top-level record is ${model.rootFullName}, topics.json says ${topic.valueSchema.record}`,
      );
    }
    schemas.set(topic.name, schema);
    recordNames.set(topic.name, model.named[0]?.name ?? 'unknown');
    perFile.set(file, model.named);
  }
  const named = mergeNamed(perFile, problems);
  if (problems.length > 0) throw new CodegenError(problems);

  return new Map([
    [`${generatedDir}/types.ts`, emitTypes(named)],
    [`${generatedDir}/schemas.ts`, emitSchemas(topics, schemas)],
    [`${generatedDir}/topics.ts`, emitTopics(topics, recordNames)],
  ]);
}
