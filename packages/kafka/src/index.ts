export {
  createKafkaAdmin,
  type GroupMember,
  type KafkaAdmin,
  type KafkaAdminOptions,
  kafkaAnswers,
  type RawMessage,
  type TailOptions,
  tailTopics,
} from './admin.js';
export { topicSpecs } from './catalogue.js';
export type {
  AssignedPartition,
  CommitOutcome,
  ConsumerLoop,
  ConsumerLoopStats,
  IncomingMessage,
  MessageOf,
  PartitionPosition,
  PartitionRef,
  PositionedBatch,
  StoredOffsetsLoop,
  StoredPosition,
} from './consumer.js';
export {
  buildDeadLetter,
  DEAD_LETTER_TOPIC,
  deadLetterHeaders,
  type FailedMessage,
  type Failure,
  RESENT_FROM_HEADER,
} from './dead-letter.js';
export type { DeadLetterFilter, DeadLetterRead, StoredDeadLetter } from './dead-letter-resend.js';
export {
  classifyError,
  type ErrorClassification,
  type KafkaErrorCode,
  KafkaPackageError,
  kafkaErrors,
  outageOf,
  type PlatformComponent,
  RejectedMessageError,
} from './errors.js';
export type { HandledBatch, KafkaInstruments } from './instruments.js';
export { type LoggerLike, silentLogger } from './logger.js';
export {
  componentName,
  DEFAULT_OUTAGE_POLICY,
  type OutagePolicy,
  type PlatformWait,
} from './outage.js';
export type { OutgoingRecord, RawRecord, TypedProducer } from './producer.js';
export type { Compatibility, CompatibilityResult, RegistryClient } from './registry.js';
export { createRegistryClient } from './registry.js';
export {
  type CommitAfterHandlerLoopOptions,
  catalogueTopicsOf,
  createKafkaRuntime,
  type KafkaRuntime,
  type KafkaRuntimeOptions,
  type StoredByServiceLoopOptions,
} from './runtime.js';
export { AvroSerde } from './serde.js';
export {
  type EnsureTopicsResult,
  type TopicCreation,
  type TopicMismatch,
  type TopicSpec,
  topicCreationPlan,
} from './topics.js';
