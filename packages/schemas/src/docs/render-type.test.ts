import { describe, expect, it } from 'vitest';
import { fieldRows, namedTypesOf, renderType } from './render-type.js';

const schema = {
  type: 'record',
  name: 'Sample',
  namespace: 'io.overfly.test',
  doc: 'A record with one field of each kind.',
  fields: [
    { name: 'id', type: 'string', doc: 'The id.' },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' }, doc: 'When.' },
    { name: 'day', type: { type: 'int', logicalType: 'date' }, doc: 'Which day.' },
    {
      name: 'status',
      type: { type: 'enum', name: 'Status', symbols: ['ON', 'OFF', 'UNKNOWN'], default: 'UNKNOWN' },
      default: 'UNKNOWN',
      doc: 'On or off.',
    },
    {
      name: 'price',
      type: [
        'null',
        {
          type: 'record',
          name: 'Money',
          namespace: 'io.overfly.common',
          fields: [
            { name: 'amountMinor', type: 'long', doc: 'Minor units.' },
            { name: 'currency', type: 'string', doc: 'ISO 4217.' },
          ],
        },
      ],
      default: null,
      doc: 'What it costs.',
    },
    { name: 'refund', type: ['null', 'io.overfly.common.Money'], default: null, doc: 'Back.' },
    {
      name: 'items',
      type: {
        type: 'array',
        items: {
          type: 'record',
          name: 'Item',
          fields: [{ name: 'tags', type: { type: 'map', values: 'string' }, doc: 'Tags.' }],
        },
      },
      doc: 'The items.',
    },
    { name: 'either', type: ['string', 'long'], doc: 'A union without null.' },
  ],
} as const;

describe('renderType', () => {
  const named = namedTypesOf(schema);

  it('says what primitives, logical types and enums are', () => {
    expect(renderType('string', named)).toBe('string');
    expect(renderType(schema.fields[1].type, named)).toBe('timestamp-millis (long: UTC epoch ms)');
    expect(renderType(schema.fields[2].type, named)).toBe('date (int: days since 1970-01-01)');
    expect(renderType(schema.fields[3].type, named)).toBe('enum Status: ON, OFF, UNKNOWN');
  });

  it('reads an optional value as "null or", and a named reference by its short name', () => {
    expect(renderType(schema.fields[4].type, named)).toBe('null or record Money');
    expect(renderType(schema.fields[5].type, named)).toBe('null or record Money');
    expect(renderType(schema.fields[7].type, named)).toBe('union of string or long');
  });

  it('names arrays and maps with what they hold', () => {
    expect(renderType(schema.fields[6].type, named)).toBe('array of record Item');
    expect(renderType({ type: 'map', values: 'string' }, named)).toBe('map of string to string');
  });
});

describe('fieldRows', () => {
  it('flattens nested records under dotted paths, arrays with []', () => {
    const rows = fieldRows(schema, namedTypesOf(schema));
    expect(rows.map((row) => row.path)).toEqual([
      'id',
      'at',
      'day',
      'status',
      'price',
      'price.amountMinor',
      'price.currency',
      'refund',
      'refund.amountMinor',
      'refund.currency',
      'items',
      'items[].tags',
      'either',
    ]);
    expect(rows.find((row) => row.path === 'status')).toEqual({
      path: 'status',
      type: 'enum Status: ON, OFF, UNKNOWN (default `"UNKNOWN"`)',
      doc: 'On or off.',
    });
  });

  it('names a record inside itself instead of expanding it forever', () => {
    const tree = {
      type: 'record',
      name: 'Node',
      fields: [
        { name: 'label', type: 'string', doc: 'Label.' },
        { name: 'children', type: { type: 'array', items: 'Node' }, doc: 'Children.' },
      ],
    };
    expect(fieldRows(tree, namedTypesOf(tree)).map((row) => `${row.path}: ${row.type}`)).toEqual([
      'label: string',
      'children: array of record Node',
    ]);
  });
});
