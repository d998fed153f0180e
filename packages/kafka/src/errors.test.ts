import { readFileSync } from 'node:fs';
import { errorTableProblems } from '@overfly/errors';
import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import {
  classifyError,
  KafkaPackageError,
  kafkaErrors,
  outageOf,
  RejectedMessageError,
} from './errors.js';

const {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
} = kafkajs;

/**
 * What kafkajs throws from `producer.send` once the broker has been away longer than its
 * own retries (kafkajs/src/retry): the connection error, wrapped in
 * KafkaJSNumberOfRetriesExceeded by the inner retrier and in KafkaJSNonRetriableError by
 * the outer one, both `retriable: false`.
 */
function brokerAwayAsKafkajsThrowsIt(): Error {
  const refused = new KafkaJSConnectionError(
    'Connection error: connect ECONNREFUSED 127.0.0.1:9092',
    {
      broker: '127.0.0.1:9092',
      code: 'ECONNREFUSED',
    },
  );
  // kafkajs' typings leave out the options its constructors take.
  const Exceeded = KafkaJSNumberOfRetriesExceeded as unknown as new (
    e: Error,
    options: { retryCount: number; retryTime: number },
  ) => Error;
  const exceeded = new Exceeded(refused, { retryCount: 5, retryTime: 4_800 });
  return nonRetriable(exceeded);
}

/** kafkajs' retrier on an error it will not retry: `new KafkaJSNonRetriableError(e, { cause: e.cause || e })`. */
function nonRetriable(e: Error): Error {
  const Wrapper = KafkaJSNonRetriableError as unknown as new (
    e: Error,
    options: { cause: unknown },
  ) => Error;
  return new Wrapper(e, { cause: e.cause ?? e });
}

/** A protocol error as kafkajs builds it from the broker's error code. */
function protocolError(type: string, code: number, retriable: boolean, message: string): Error {
  return new KafkaJSProtocolError(Object.assign(new Error(message), { type, code, retriable }));
}

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('the README error table', () => {
  it('lists every code once, and no other, with its retriable flag and a meaning', () => {
    expect(errorTableProblems(readme, kafkaErrors)).toEqual([]);
  });
});

describe('KafkaPackageError', () => {
  it('carries the code, the declared retriable flag and the detail after the message', () => {
    const error = new KafkaPackageError('KAFKA_REGISTRY_UNAVAILABLE', 'GET /schemas/ids/7');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('KafkaPackageError');
    expect(error.code).toBe('KAFKA_REGISTRY_UNAVAILABLE');
    expect(error.retriable).toBe(true);
    expect(error.message).toBe('the schema registry did not answer: GET /schemas/ids/7');
  });

  it('lets the thrower override retriable and keeps the cause', () => {
    const cause = new Error('socket hang up');
    const error = new KafkaPackageError('KAFKA_REGISTRY_REJECTED', undefined, {
      cause,
      retriable: true,
    });
    expect(error.retriable).toBe(true);
    expect(error.cause).toBe(cause);
    expect(error.message).toBe(kafkaErrors.entry('KAFKA_REGISTRY_REJECTED').message);
  });
});

describe('classifyError', () => {
  it('takes a package error at its word', () => {
    expect(
      classifyError(new KafkaPackageError('KAFKA_SERDE_DECODE_FAILED', 'schema id 3')),
    ).toEqual({
      code: 'KAFKA_SERDE_DECODE_FAILED',
      message: `${kafkaErrors.entry('KAFKA_SERDE_DECODE_FAILED').message}: schema id 3`,
      retriable: false,
    });
  });

  it("reads code and retriable from another package's tagged error", () => {
    const tagged = Object.assign(new Error('opensky answered 503'), {
      code: 'HTTP_SERVER_ERROR',
      retriable: true,
    });
    expect(classifyError(tagged)).toEqual({
      code: 'HTTP_SERVER_ERROR',
      message: 'opensky answered 503',
      retriable: true,
    });
    const refused = Object.assign(new Error('bad request'), {
      code: 'HTTP_CLIENT_ERROR',
      retriable: false,
    });
    expect(classifyError(refused).retriable).toBe(false);
  });

  it('treats an untagged error as a retriable KAFKA_HANDLER_FAILED', () => {
    expect(classifyError(new TypeError('x is undefined'))).toEqual({
      code: 'KAFKA_HANDLER_FAILED',
      message: 'x is undefined',
      retriable: true,
    });
  });

  it('ignores a code or retriable flag of the wrong type', () => {
    // Node's system errors carry a string code but no retriable flag.
    const econn = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(classifyError(econn)).toMatchObject({ code: 'ECONNREFUSED', retriable: true });
    const odd = Object.assign(new Error('odd'), { code: 42, retriable: 'no' });
    expect(classifyError(odd)).toMatchObject({ code: 'KAFKA_HANDLER_FAILED', retriable: true });
  });

  it('treats a thrown non-Error as a retriable KAFKA_HANDLER_FAILED with its text', () => {
    expect(classifyError('boom')).toEqual({
      code: 'KAFKA_HANDLER_FAILED',
      message: 'boom',
      retriable: true,
    });
    expect(classifyError(undefined)).toEqual({
      code: 'KAFKA_HANDLER_FAILED',
      message: 'undefined',
      retriable: true,
    });
    // A plain object that looks tagged is still not an Error: it is retried.
    expect(classifyError({ code: 'X', retriable: false })).toMatchObject({
      code: 'KAFKA_HANDLER_FAILED',
      retriable: true,
    });
  });
});

describe('classifyError on a broker that is away (issue 10, finding 5)', () => {
  it("reads kafkajs' non-retriable wrapper of a connection error as the broker's, retriable", () => {
    const error = brokerAwayAsKafkajsThrowsIt();
    expect((error as { retriable?: unknown }).retriable).toBe(false); // what main took at its word
    expect(outageOf(error)).toBe('kafka');
    expect(classifyError(error)).toEqual({
      code: 'KAFKA_BROKER_UNAVAILABLE',
      message: error.message,
      retriable: true,
    });
  });

  it('reads every broker-side kafkajs error thrown in a handler as an outage', () => {
    const notLeader = protocolError(
      'NOT_LEADER_FOR_PARTITION',
      6,
      true,
      'This server is not the leader for that topic-partition',
    );
    const coordinator = protocolError(
      'COORDINATOR_NOT_AVAILABLE',
      15,
      true,
      'The coordinator is not available',
    );
    const timeout = new KafkaJSRequestTimeoutError('Request Produce(key: 0, version: 7) timed out');
    const notInitialised = new KafkaJSNonRetriableError(
      'Consumer group was not initialized, consumer#run must be called first',
    );
    for (const error of [notLeader, coordinator, timeout, notInitialised]) {
      expect(outageOf(error), error.message).toBe('kafka');
      expect(classifyError(error)).toMatchObject({
        code: 'KAFKA_BROKER_UNAVAILABLE',
        retriable: true,
      });
    }
  });

  it('sees the broker behind a service error that wraps what producer.send threw', () => {
    const wrapped = new Error('could not publish the crossings', {
      cause: brokerAwayAsKafkajsThrowsIt(),
    });
    expect(classifyError(wrapped)).toMatchObject({
      code: 'KAFKA_BROKER_UNAVAILABLE',
      retriable: true,
    });
  });

  it("keeps this package's outage codes, and reads a commit failure as the broker's", () => {
    expect(
      classifyError(new KafkaPackageError('KAFKA_REGISTRY_UNAVAILABLE', 'GET /schemas/ids/3')),
    ).toMatchObject({ code: 'KAFKA_REGISTRY_UNAVAILABLE', retriable: true });
    expect(outageOf(new KafkaPackageError('KAFKA_REGISTRY_UNAVAILABLE'))).toBe('registry');
    expect(outageOf(new KafkaPackageError('KAFKA_OFFSET_COMMIT_FAILED'))).toBe('kafka');
  });

  it('leaves a record the broker refuses for its content, and a rejection, to the dead letters', () => {
    const tooLarge = nonRetriable(
      protocolError(
        'MESSAGE_TOO_LARGE',
        10,
        false,
        'The request included a message larger than the max message size the server will accept',
      ),
    );
    expect(outageOf(tooLarge)).toBeNull();
    expect(classifyError(tooLarge).retriable).toBe(false);
    const rejected = new RejectedMessageError('EVENT_INVALID', 'no airport');
    expect(outageOf(rejected)).toBeNull();
    expect(outageOf(new KafkaPackageError('KAFKA_SERDE_DECODE_FAILED'))).toBeNull();
    expect(outageOf(new TypeError('x is undefined'))).toBeNull();
  });
});

describe('RejectedMessageError', () => {
  it('is a non-retriable Error with its own code', () => {
    const error = new RejectedMessageError('EVENT_INVALID', 'take-off without an airport');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('RejectedMessageError');
    expect(error.code).toBe('EVENT_INVALID');
    expect(error.retriable).toBe(false);
    expect(error.message).toBe('take-off without an airport');
  });

  it('is classified non-retriable, so the loop dead-letters it at once', () => {
    expect(classifyError(new RejectedMessageError('EVENT_INVALID', 'no airport'))).toEqual({
      code: 'EVENT_INVALID',
      message: 'no airport',
      retriable: false,
    });
  });
});
