import type { TopicDefinition } from '../topic-definition.js';
import { generatedHeader } from './header.js';

/** schemas.ts: every value schema embedded, so runtime code never reads schemas/. */
export function emitSchemas(
  topics: readonly TopicDefinition[],
  schemas: ReadonlyMap<string, unknown>,
): string {
  const entries = topics.map(
    (topic) => `  '${topic.name}': ${JSON.stringify(schemas.get(topic.name), null, 2)},\n`,
  );
  return (
    `${generatedHeader}\n` +
    '/** The value schema of each topic, exactly as in schemas/<topic>.avsc (the registry form). */\n' +
    `export const valueSchemas = {\n${entries.join('')}} as const;\n`
  );
}

/** topics.ts: the catalogue as typed constants, and the topic → value type map. */
export function emitTopics(
  topics: readonly TopicDefinition[],
  recordNames: ReadonlyMap<string, string>,
): string {
  const typeNames = [
    ...new Set(topics.map((topic) => recordNames.get(topic.name) ?? 'unknown')),
  ].sort();
  const entries = topics.map((topic) => `  '${topic.name}': ${JSON.stringify(topic, null, 2)},\n`);
  const values = topics.map(
    (topic) => `  '${topic.name}': ${recordNames.get(topic.name) ?? 'unknown'};\n`,
  );
  return (
    `${generatedHeader}` +
    "import type { TopicDefinition } from '../topic-definition.js';\n" +
    `import type { ${typeNames.join(', ')} } from './types.js';\n\n` +
    '/** The topic catalogue from schemas/topics.json, in catalogue order. */\n' +
    `export const topics = {\n${entries.join('')}} as const satisfies Record<string, TopicDefinition>;\n\n` +
    'export type TopicName = keyof typeof topics;\n\n' +
    `export const topicNames: readonly TopicName[] = [${topics.map((topic) => `'${topic.name}'`).join(', ')}];\n\n` +
    "/** The decoded value type of each topic: `TopicValue['fir.crossings']` is a FirCrossing. */\n" +
    `export interface TopicValue {\n${values.join('')}}\n`
  );
}
