// Reads what docs/topics.md is built from: schemas/topics.json (validated as codegen
// validates it) and every schemas/*.avsc.
import { readCatalogue } from '../codegen/catalogue.js';
import { readSources, repoRoot } from '../codegen/files.js';
import { isJsonObject, type JsonObject, parseJson } from '../json.js';
import { renderTopicsPage, type TopicsDocInput } from './page.js';

export function readTopicsDocInput(root = repoRoot): TopicsDocInput {
  const sources = readSources(root);
  const problems: string[] = [];
  const topics = readCatalogue(parseJson(sources.topicsJson, 'schemas/topics.json'), problems);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const schemas = new Map<string, JsonObject>();
  for (const [file, text] of sources.schemaFiles) {
    const schema = parseJson(text, `schemas/${file}`);
    if (!isJsonObject(schema)) throw new Error(`schemas/${file}: not a record schema`);
    schemas.set(file, schema);
  }
  return { topics, schemas };
}

/** The page as it should be committed, from the schemas/ of `root`. */
export function generateTopicsDoc(root = repoRoot): string {
  return renderTopicsPage(readTopicsDocInput(root));
}
