export {
  isTopicName,
  subjectFor,
  topicCatalogue,
  valueSchemaFor,
  valueTypeFor,
} from './catalogue.js';
export { findIncompatibilities } from './compatibility.js';
export { valueSchemas } from './generated/schemas.js';
export { type TopicName, type TopicValue, topicNames, topics } from './generated/topics.js';
export * from './generated/types.js';
export { type CleanupPolicy, cleanupPolicies, type TopicDefinition } from './topic-definition.js';
