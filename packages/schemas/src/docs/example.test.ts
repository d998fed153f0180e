import { describe, expect, it } from 'vitest';
import { AvroTypeClass } from '../avro.js';
import { avroJson, compactJson, exampleValue } from './example.js';
import { isInternal } from './page.js';
import { namedTypesOf } from './render-type.js';
import { readTopicsDocInput } from './sources.js';

const input = readTopicsDocInput();
const publicTopics = input.topics.filter((topic) => !isInternal(topic));

describe('exampleValue', () => {
  it.each(publicTopics.map((topic) => [topic.name, topic] as const))(
    '%s: a valid value that survives the wire format and the Avro JSON encoding',
    (_name, topic) => {
      const schema = input.schemas.get(topic.valueSchema.file)!;
      const value = exampleValue(schema, namedTypesOf(schema));
      const type = AvroTypeClass.forSchema(schema as Parameters<typeof AvroTypeClass.forSchema>[0]);
      expect(type.isValid(value)).toBe(true);
      expect(type.fromBuffer(type.toBuffer(value))).toEqual(value);
      expect(type.fromString(JSON.stringify(JSON.parse(avroJson(schema, value))))).toEqual(value);
    },
  );

  it('is the same every time (the page must not change between runs)', () => {
    const schema = input.schemas.get('charges.calculated.avsc')!;
    expect(exampleValue(schema, namedTypesOf(schema))).toEqual(
      exampleValue(schema, namedTypesOf(schema)),
    );
  });

  it('gives every field of a public topic a realistic value, never a placeholder', () => {
    const placeholders = publicTopics.flatMap((topic) => {
      const schema = input.schemas.get(topic.valueSchema.file)!;
      const json = avroJson(schema, exampleValue(schema, namedTypesOf(schema)));
      return json.includes('"example') ? [topic.name] : [];
    });
    expect(placeholders).toEqual([]);
  });

  it('fails loudly when the value it would show is not valid for the schema', () => {
    // `icao24` has a known string value; here the schema says int.
    const schema = {
      type: 'record',
      name: 'Odd',
      fields: [{ name: 'icao24', type: 'int', doc: 'Not a string here.' }],
    };
    expect(() => exampleValue(schema, namedTypesOf(schema))).toThrow(
      'example of Odd is not valid for its schema: icao24',
    );
  });
});

describe('compactJson', () => {
  it('keeps small values on one line and breaks large ones', () => {
    expect(compactJson({ a: { string: 'x' }, b: [1, 2] }, '')).toBe(
      '{"a": {"string": "x"}, "b": [1, 2]}',
    );
    const long = { text: 'x'.repeat(80), n: 1 };
    expect(compactJson(long, '')).toBe(`{\n  "text": "${'x'.repeat(80)}",\n  "n": 1\n}`);
  });
});
