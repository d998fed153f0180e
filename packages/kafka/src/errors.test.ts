import { readFileSync } from 'node:fs';
import { errorTableProblems } from '@overfly/errors';
import { describe, expect, it } from 'vitest';
import { classifyError, KafkaPackageError, kafkaErrors, RejectedMessageError } from './errors.js';

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
