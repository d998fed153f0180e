import { describe, expect, it } from 'vitest';
import { canonical, SentSinceSnapshot } from './sent-since.js';

describe('what was sent since the snapshot', () => {
  const sent = SentSinceSnapshot.empty();
  sent.add('A#1', canonical({ eventId: 'A#1', count: 3, list: [{ b: 1, a: null }] }), 1_000);
  sent.add('B#1', canonical({ eventId: 'B#1', count: 1 }), 5_000);
  sent.add('C#2', canonical({ eventId: 'C#2', count: 1 }), 2_000);

  it('knows each eventId sent, and whether a record derived again says the same', () => {
    // Built in another key order, with undefined for null and a detectedAt of its own.
    const again = { list: [{ a: undefined, b: 1 }], count: 3, eventId: 'A#1', detectedAt: 9 };
    expect(sent.check('A#1', again as never)).toBe('same');
    expect(sent.check('A#1', { eventId: 'A#1', count: 4, list: [] } as never)).toBe('different');
    expect(sent.check('A#2', { eventId: 'A#2' } as never)).toBe('new');
  });

  it('holds until the latest evaluation among them', () => {
    expect(sent.size).toBe(3);
    expect(sent.until).toBe(5_000);
    expect(SentSinceSnapshot.empty().until).toBeNull();
  });
});
