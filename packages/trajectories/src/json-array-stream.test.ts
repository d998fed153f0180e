import { describe, expect, it } from 'vitest';
import { jsonArrayElements } from './json-array-stream.js';

async function elements(...chunks: string[]) {
  async function* source() {
    yield* chunks;
  }
  const out: Array<{ text: string; complete: boolean }> = [];
  for await (const element of jsonArrayElements(source())) out.push(element);
  return out;
}

describe('streaming the elements of a JSON array', () => {
  it('splits objects whatever the chunk boundaries, braces inside strings included', async () => {
    const text = '[{"a":"}{,]","b":[1,{"c":2}]}, {"d":"\\"}"} ,3,"x",null]';
    for (let cut = 1; cut < text.length; cut += 1) {
      const got = await elements(text.slice(0, cut), text.slice(cut));
      expect(got.map((e) => JSON.parse(e.text))).toEqual(JSON.parse(text));
      expect(got.every((e) => e.complete)).toBe(true);
    }
  });

  it('reports what is left of a cut file as incomplete', async () => {
    expect(await elements('[{"a":1},{"b":')).toEqual([
      { text: '{"a":1}', complete: true },
      { text: '{"b":', complete: false },
    ]);
    expect(await elements('[{"a":1},')).toEqual([
      { text: '{"a":1}', complete: true },
      { text: '', complete: false },
    ]);
  });

  it('refuses a document that is not an array', async () => {
    await expect(elements('{"a":1}')).rejects.toThrow(SyntaxError);
  });
});
