import type { AvroType } from './avro.js';
import { AvroTypeClass } from './avro.js';
import { valueSchemas } from './generated/schemas.js';
import { type TopicName, topicNames, topics } from './generated/topics.js';
import type { TopicDefinition } from './topic-definition.js';

/** Every topic's definition, in catalogue order (pipeline order). */
export const topicCatalogue: readonly TopicDefinition[] = topicNames.map((name) => topics[name]);

export function isTopicName(name: string): name is TopicName {
  return Object.hasOwn(topics, name);
}

/**
 * The value schema of a topic as a JSON object. Always the same object for a topic, so
 * callers may cache parsed types by identity.
 */
export function valueSchemaFor<T extends TopicName>(topic: T): (typeof valueSchemas)[T] {
  return valueSchemas[topic];
}

/** Schema-registry subject of a topic's values (TopicNameStrategy). */
export function subjectFor(topic: TopicName): `${TopicName}-value` {
  return `${topic}-value`;
}

const parsedTypes = new Map<TopicName, AvroType>();

/** The avsc Type of a topic's value schema, parsed once (no registry involved). */
export function valueTypeFor(topic: TopicName): AvroType {
  let type = parsedTypes.get(topic);
  if (!type) {
    // The generated constant is deeply readonly; avsc only reads it.
    type = AvroTypeClass.forSchema(
      valueSchemas[topic] as unknown as Parameters<typeof AvroTypeClass.forSchema>[0],
    );
    parsedTypes.set(topic, type);
  }
  return type;
}
