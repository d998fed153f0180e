// schemas/released.lock.json: the last released schema of every subject. Releases may
// only move forward compatibly, which findIncompatibilities checks subject by subject.
import { findIncompatibilities } from '../compatibility.js';
import { isJsonObject, parseJson } from '../json.js';
import { readCatalogue } from './catalogue.js';
import type { Sources } from './generate.js';

export const lockPath = 'schemas/released.lock.json';

export type SchemaLock = Readonly<Record<string, unknown>>;

/** Subject → schema JSON for the schemas as they are now, sorted by subject. */
export function currentSubjects(sources: Sources): SchemaLock {
  const problems: string[] = [];
  const topics = readCatalogue(parseJson(sources.topicsJson, 'schemas/topics.json'), problems);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const entries = topics.map((topic): [string, unknown] => {
    const text = sources.schemaFiles.get(topic.valueSchema.file);
    if (text === undefined) throw new Error(`schemas/${topic.valueSchema.file} does not exist`);
    return [`${topic.name}-value`, parseJson(text, topic.valueSchema.file)];
  });
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

export function parseLock(text: string): SchemaLock {
  const json = parseJson(text, lockPath);
  if (!isJsonObject(json)) throw new Error(`${lockPath}: must be an object of subject → schema`);
  return json;
}

/**
 * Every reason the current schemas cannot replace the released ones. A released
 * subject may not disappear: consumers and data on the topic still depend on it.
 */
export function lockIncompatibilities(released: SchemaLock, current: SchemaLock): string[] {
  const problems: string[] = [];
  for (const [subject, previous] of Object.entries(released)) {
    if (!Object.hasOwn(current, subject)) {
      problems.push(`${subject}: released subject no longer has a schema`);
      continue;
    }
    for (const problem of findIncompatibilities(previous, current[subject]))
      problems.push(`${subject}: ${problem}`);
  }
  return problems;
}
