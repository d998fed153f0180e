import { describe, expect, it } from 'vitest';
import {
  buildDeadLetter,
  type FailedMessage,
  type Failure,
  deadLetterHeaders as h,
} from './dead-letter.js';

// A wire-format value (magic byte, schema id 7, a few Avro bytes): kept byte for byte.
const originalValue = Buffer.from([0, 0, 0, 0, 7, 0x0c, 0x34, 0x62, 0x31, 0x38, 0x30, 0x35]);

const failed: FailedMessage = {
  topic: 'test-abc.flights.updates',
  partition: 4,
  offset: '9007199254740993', // past 2^53: must stay the exact string
  key: Buffer.from('4b1805'),
  value: originalValue,
  headers: { seq: '17', traceparent: '00-abc-def-01' },
};

const failure: Failure = {
  service: 'fir-analyser',
  consumerGroup: 'fir-analyser',
  code: 'TEST_ALWAYS_FAILS',
  message: 'cannot process position #17',
  retriable: true,
  attempts: 3,
  at: 1_700_000_123_456,
};

describe('buildDeadLetter', () => {
  it('sets every dead-letter header, and only those, from the message and the failure', () => {
    const { headers } = buildDeadLetter(failed, failure);
    expect(headers).toEqual({
      [h.sourceTopic]: 'test-abc.flights.updates',
      [h.sourcePartition]: '4',
      [h.sourceOffset]: '9007199254740993',
      [h.key]: '4b1805',
      [h.service]: 'fir-analyser',
      [h.consumerGroup]: 'fir-analyser',
      [h.errorCode]: 'TEST_ALWAYS_FAILS',
      [h.errorMessage]: 'cannot process position #17',
      [h.attempts]: '3',
      [h.timestamp]: '1700000123456',
    });
    expect(Object.keys(headers ?? {}).sort()).toEqual(Object.values(h).sort());
  });

  it('puts an empty key header on a message that had no key', () => {
    const letter = buildDeadLetter({ ...failed, key: null }, failure);
    expect(letter.headers?.[h.key]).toBe('');
    expect(letter.value?.originalKey).toBeNull();
  });

  it('cuts a huge error message to 1,000 characters in the header but keeps it whole in the value', () => {
    const message = `${'stack frame\n'.repeat(20_000)}the end`;
    const letter = buildDeadLetter(failed, { ...failure, message });
    expect(letter.headers?.[h.errorMessage]).toBe(message.slice(0, 1_000));
    expect(letter.headers?.[h.errorMessage]).toHaveLength(1_000);
    expect(letter.value?.errorMessage).toBe(message);
  });

  it('keys the record <topic>-<partition>, so one partition keeps its offset order', () => {
    expect(buildDeadLetter(failed, failure).key).toBe('test-abc.flights.updates-4');
    expect(buildDeadLetter({ ...failed, partition: 0 }, failure).key).toBe(
      'test-abc.flights.updates-0',
    );
  });

  it('keeps the original key and value bytes and headers in the value', () => {
    const { value } = buildDeadLetter(failed, failure);
    expect(value).toEqual({
      sourceTopic: 'test-abc.flights.updates',
      sourcePartition: 4,
      sourceOffset: '9007199254740993',
      originalKey: Buffer.from('4b1805'),
      originalValue: Buffer.from([0, 0, 0, 0, 7, 0x0c, 0x34, 0x62, 0x31, 0x38, 0x30, 0x35]),
      originalHeaders: { seq: '17', traceparent: '00-abc-def-01' },
      service: 'fir-analyser',
      errorCode: 'TEST_ALWAYS_FAILS',
      errorMessage: 'cannot process position #17',
      retriable: true,
      attempts: 3,
      failedAt: 1_700_000_123_456,
    });
  });

  it('keeps a tombstone as a null original value', () => {
    expect(buildDeadLetter({ ...failed, value: null }, failure).value?.originalValue).toBeNull();
  });
});
