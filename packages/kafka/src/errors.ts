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
  BROKER_UNAVAILABLE: {
    message: 'the Kafka broker did not answer',
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

/** A part of the platform a service waits for: the broker or the schema registry. */
export type PlatformComponent = 'kafka' | 'registry';

/** This package's codes that say "the platform is away", never "the message is bad". */
const OUTAGE_CODES: Readonly<Record<string, PlatformComponent>> = {
  [kafkaErrors.codes.BROKER_UNAVAILABLE]: 'kafka',
  [kafkaErrors.codes.OFFSET_COMMIT_FAILED]: 'kafka',
  [kafkaErrors.codes.TOPIC_READ_TIMEOUT]: 'kafka',
  [kafkaErrors.codes.TOPICS_NOT_READY]: 'kafka',
  [kafkaErrors.codes.REGISTRY_UNAVAILABLE]: 'registry',
};

/**
 * Kafka protocol errors that refuse the records themselves: sending them again cannot
 * succeed, whatever the broker's state. Every other kafkajs error is the broker's side.
 */
const RECORDS_REFUSED = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
  'INVALID_TIMESTAMP',
]);

const isKafkaJsError = (e: object): boolean =>
  typeof (e as { name?: unknown }).name === 'string' &&
  (e as { name: string }).name.startsWith('KafkaJS');

/** The error and what it wraps (kafkajs' `cause` and `originalError`), outermost first. */
function chainOf(error: unknown): object[] {
  const chain: object[] = [];
  for (let e: unknown = error; typeof e === 'object' && e !== null && chain.length < 8; ) {
    if (chain.includes(e)) break;
    chain.push(e);
    const wrapped = e as { cause?: unknown; originalError?: unknown };
    e = wrapped.cause ?? wrapped.originalError;
  }
  return chain;
}

/**
 * Which part of the platform an error says is away, or null when it says nothing of the
 * kind. kafkajs wraps a connection error in `KafkaJSNonRetriableError` or
 * `KafkaJSNumberOfRetriesExceeded` once its own retries are spent, with `retriable: false`:
 * that flag is about kafkajs' retries, not about the message. So any kafkajs error is the
 * broker's side (a record the broker refuses for its content excepted), and so are this
 * package's outage codes, wherever they sit in the chain. An error that refuses the message
 * itself (`retriable: false` with its own code, as `RejectedMessageError`) is taken at its
 * word.
 */
export function outageOf(error: unknown): PlatformComponent | null {
  const chain = chainOf(error);
  const top = chain[0] as { code?: unknown; retriable?: unknown } | undefined;
  if (!top) return null;
  const topCode = typeof top.code === 'string' ? top.code : undefined;
  if (topCode !== undefined && OUTAGE_CODES[topCode]) return OUTAGE_CODES[topCode];
  if (!isKafkaJsError(top) && top.retriable === false && topCode !== undefined) return null;
  let kafkajs = false;
  for (const e of chain) {
    const { code, type } = e as { code?: unknown; type?: unknown };
    if (typeof type === 'string' && RECORDS_REFUSED.has(type)) return null;
    if (typeof code === 'string' && OUTAGE_CODES[code]) return OUTAGE_CODES[code];
    if (isKafkaJsError(e)) kafkajs = true;
  }
  return kafkajs ? 'kafka' : null;
}

/**
 * Reads any thrown value the way the consumer loop needs it. An error that says the broker
 * or the registry is away (`outageOf`) is `KAFKA_BROKER_UNAVAILABLE` or
 * `KAFKA_REGISTRY_UNAVAILABLE`, retriable, whatever flag it carries: a platform that is
 * away is never the message's fault. Other errors that carry a string `code` and a boolean
 * `retriable` (this package's, packages/resilience's, a service's own) are taken at their
 * word; anything else is an unexpected handler failure and is retried.
 */
export function classifyError(error: unknown): ErrorClassification {
  const outage = outageOf(error);
  if (outage) {
    const code = (error as { code?: unknown }).code;
    return {
      code:
        typeof code === 'string' && OUTAGE_CODES[code]
          ? code
          : outage === 'kafka'
            ? kafkaErrors.codes.BROKER_UNAVAILABLE
            : kafkaErrors.codes.REGISTRY_UNAVAILABLE,
      message: error instanceof Error ? error.message : String(error),
      retriable: true,
    };
  }
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
