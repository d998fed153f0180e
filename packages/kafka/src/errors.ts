import { type CodeOf, defineErrors, OverflyError } from '@overfly/errors';

/**
 * Every error this package raises, declared once. `retriable` is what the consumer loop
 * reads to decide between another attempt and the dead-letter topic.
 */
export const kafkaErrors = defineErrors('KAFKA', {
  SERDE_NO_MAGIC_BYTE: {
    message: 'message value is not in the Confluent wire format (magic byte 0 + schema id)',
    retriable: false,
  },
  SERDE_DECODE_FAILED: {
    message: 'the Avro payload could not be decoded with its writer schema',
    retriable: false,
  },
  SERDE_ENCODE_FAILED: {
    message: 'the value does not match the topic Avro schema',
    retriable: false,
  },
  SERDE_INCOMPATIBLE_WRITER: {
    message: 'the writer schema cannot be read with this service reader schema',
    retriable: false,
  },
  SERDE_WRITER_SCHEMA_INVALID: {
    message: 'the registry returned a writer schema this package cannot parse as Avro',
    retriable: false,
  },
  REGISTRY_UNAVAILABLE: {
    message: 'the schema registry did not answer',
    retriable: true,
  },
  REGISTRY_REJECTED: {
    message: 'the schema registry refused the schema',
    retriable: false,
  },
  HANDLER_FAILED: {
    message: 'the message handler failed',
    retriable: true,
  },
  TOPIC_READ_TIMEOUT: {
    message:
      'reading a topic to its end (dead letters, state restore) did not finish before the deadline',
    retriable: true,
  },
  TOPICS_NOT_READY: {
    message: 'topics were created but their partitions have no leader yet',
    retriable: true,
  },
  OFFSET_COMMIT_FAILED: {
    message: 'the consumer group offsets could not be committed',
    retriable: true,
  },
  TOPIC_MISMATCH: {
    message: 'an existing topic differs from the topic catalogue',
    retriable: false,
  },
});

export type KafkaErrorCode = CodeOf<typeof kafkaErrors>;

export class KafkaPackageError extends OverflyError<KafkaErrorCode> {
  override name = 'KafkaPackageError';

  constructor(
    code: KafkaErrorCode,
    detail?: string,
    options?: { cause?: unknown; retriable?: boolean },
  ) {
    super(kafkaErrors.entry(code), detail, options);
  }
}

/**
 * What a handler throws to say "this message is bad; do not retry it": it goes to the
 * dead-letter topic at once with the given code.
 */
export class RejectedMessageError extends Error {
  readonly code: string;
  readonly retriable = false;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'RejectedMessageError';
    this.code = code;
  }
}

export interface ErrorClassification {
  code: string;
  message: string;
  retriable: boolean;
}

/**
 * Reads any thrown value the way the consumer loop needs it. Errors that carry a
 * string `code` and a boolean `retriable` (this package's, packages/resilience's, a
 * service's own) are taken at their word; anything else is an unexpected handler
 * failure and is retried.
 */
export function classifyError(error: unknown): ErrorClassification {
  if (error instanceof Error) {
    const tagged = error as Error & { code?: unknown; retriable?: unknown };
    return {
      code: typeof tagged.code === 'string' ? tagged.code : kafkaErrors.codes.HANDLER_FAILED,
      message: error.message,
      retriable: typeof tagged.retriable === 'boolean' ? tagged.retriable : true,
    };
  }
  return { code: kafkaErrors.codes.HANDLER_FAILED, message: String(error), retriable: true };
}
