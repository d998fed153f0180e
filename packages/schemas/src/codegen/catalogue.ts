// Validates schemas/topics.json by hand: it is small, and a hand check gives messages
// that name the topic and the property, which is what a reviewer needs.
import { isJsonObject, type JsonObject } from '../json.js';
import { type CleanupPolicy, cleanupPolicies, type TopicDefinition } from '../topic-definition.js';

const topicNamePattern = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;
const serviceNamePattern = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

function isCleanupPolicy(value: unknown): value is CleanupPolicy {
  return cleanupPolicies.some((policy) => policy === value);
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
    ? value
    : undefined;
}

function readTopic(
  raw: JsonObject,
  where: string,
  problems: string[],
): TopicDefinition | undefined {
  const problem = (message: string): void => {
    problems.push(`topics.json: ${where}: ${message}`);
  };
  const { name, description, partitions, replicationFactor, minInSyncReplicas } = raw;
  const { cleanupPolicy, retentionMs, key, valueSchema, producers, consumers } = raw;
  if (typeof name !== 'string' || !topicNamePattern.test(name))
    problem('name must be a lower-case topic name (dots between words)');
  if (typeof description !== 'string' || !description.trim()) problem('description is required');
  if (!Number.isInteger(partitions) || Number(partitions) < 1)
    problem('partitions must be an integer >= 1');
  if (!Number.isInteger(replicationFactor) || Number(replicationFactor) < 1) {
    problem('replicationFactor must be an integer >= 1');
  }
  if (
    !Number.isInteger(minInSyncReplicas) ||
    Number(minInSyncReplicas) < 1 ||
    Number(minInSyncReplicas) > Number(replicationFactor)
  ) {
    problem('minInSyncReplicas must be an integer between 1 and replicationFactor');
  }
  if (!isCleanupPolicy(cleanupPolicy))
    problem(`cleanupPolicy must be one of ${cleanupPolicies.join(', ')}`);
  if (!Number.isInteger(retentionMs) || (Number(retentionMs) < 1 && retentionMs !== -1)) {
    problem('retentionMs must be a positive integer or -1');
  }
  if (cleanupPolicy === 'compact' && retentionMs !== -1)
    problem('a compacted topic keeps its latest values: retentionMs must be -1');
  const keyOk =
    isJsonObject(key) &&
    key.type === 'string' &&
    typeof key.description === 'string' &&
    key.description.trim() !== '';
  if (!keyOk) problem('key must be { "type": "string", "description": "..." }');
  const schemaOk =
    isJsonObject(valueSchema) &&
    typeof valueSchema.file === 'string' &&
    typeof valueSchema.record === 'string';
  if (!schemaOk)
    problem('valueSchema must be { "file": "<topic>.avsc", "record": "<full record name>" }');
  else if (valueSchema.file !== `${String(name)}.avsc`)
    problem(`valueSchema.file must be ${String(name)}.avsc`);
  const producerList = stringList(producers);
  const consumerList = stringList(consumers);
  if (!producerList || producerList.length === 0)
    problem('producers must name at least one service');
  if (!consumerList) problem('consumers must be a list of service names');
  for (const service of [...(producerList ?? []), ...(consumerList ?? [])]) {
    if (!serviceNamePattern.test(service)) problem(`"${service}" is not a kebab-case service name`);
  }
  if (
    typeof name !== 'string' ||
    typeof description !== 'string' ||
    typeof partitions !== 'number' ||
    typeof replicationFactor !== 'number' ||
    typeof minInSyncReplicas !== 'number' ||
    !isCleanupPolicy(cleanupPolicy) ||
    typeof retentionMs !== 'number' ||
    !keyOk ||
    !schemaOk ||
    !producerList ||
    !consumerList
  ) {
    return undefined;
  }
  return {
    name,
    description,
    partitions,
    replicationFactor,
    minInSyncReplicas,
    cleanupPolicy,
    retentionMs,
    key: { type: 'string', description: String(key.description) },
    valueSchema: { file: String(valueSchema.file), record: String(valueSchema.record) },
    producers: producerList,
    consumers: consumerList,
  };
}

/** Reads the catalogue ({ "topics": [...] }), appending every problem found. */
export function readCatalogue(json: unknown, problems: string[]): TopicDefinition[] {
  if (!isJsonObject(json) || !Array.isArray(json.topics)) {
    problems.push('topics.json: must be an object with a "topics" array');
    return [];
  }
  const topics: TopicDefinition[] = [];
  const seen = new Set<string>();
  json.topics.forEach((raw: unknown, index: number) => {
    const where = isJsonObject(raw) && typeof raw.name === 'string' ? raw.name : `topics[${index}]`;
    if (!isJsonObject(raw)) {
      problems.push(`topics.json: ${where}: must be an object`);
      return;
    }
    const topic = readTopic(raw, where, problems);
    if (!topic) return;
    if (seen.has(topic.name)) problems.push(`topics.json: ${topic.name}: listed twice`);
    seen.add(topic.name);
    topics.push(topic);
  });
  return topics;
}
