import type { Message } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { chunksOfBytes, messageBytes } from './producer.js';

const message = (valueBytes: number, key = 'k'): Message => ({
  key,
  value: Buffer.alloc(valueBytes),
});

describe('chunksOfBytes', () => {
  it('keeps every message, in order, in runs under the byte budget', () => {
    const messages = Array.from({ length: 100 }, (_, i) => message(1_000, `k${i}`));
    const chunks = chunksOfBytes(messages, 10_000);
    expect(chunks.flat()).toEqual(messages);
    for (const chunk of chunks) {
      expect(chunk.reduce((sum, m) => sum + messageBytes(m), 0)).toBeLessThanOrEqual(10_000);
    }
    expect(chunks.length).toBeGreaterThan(10);
  });

  it('sends a message over the budget alone rather than dropping or splitting it', () => {
    const chunks = chunksOfBytes([message(10), message(50_000), message(10)], 1_000);
    expect(chunks.map((c) => c.length)).toEqual([1, 1, 1]);
  });

  it('counts keys, values and headers', () => {
    const base = messageBytes({ key: null, value: null });
    expect(messageBytes({ key: 'abc', value: Buffer.alloc(10) })).toBe(base + 13);
    expect(
      messageBytes({ key: null, value: null, headers: { h: 'xy', list: ['a', Buffer.alloc(2)] } }),
    ).toBe(base + 1 + 2 + 4 + 1 + 2);
  });

  it('makes no chunk of nothing', () => {
    expect(chunksOfBytes([], 100)).toEqual([]);
  });
});
