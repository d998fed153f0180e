import { describe, expect, it } from 'vitest';
import { valueSchemaFor } from './catalogue.js';
import { findIncompatibilities } from './compatibility.js';

type Schema = { fields: Array<Record<string, unknown>> } & Record<string, unknown>;

/** A mutable deep copy of a released schema, to edit like a developer would. */
function copyOf(topic: 'flights.updates' | 'charges.calculated' | 'flight.events'): Schema {
  return JSON.parse(JSON.stringify(valueSchemaFor(topic)));
}

function withField(
  schema: Schema,
  name: string,
  edit: (field: Record<string, unknown>) => void,
): Schema {
  const field = schema.fields.find((candidate) => candidate.name === name);
  if (!field) throw new Error(`no field ${name}`);
  edit(field);
  return schema;
}

describe('findIncompatibilities (BACKWARD: new reader, old data)', () => {
  it('accepts an identical schema', () => {
    expect(
      findIncompatibilities(valueSchemaFor('flights.updates'), valueSchemaFor('flights.updates')),
    ).toEqual([]);
  });

  it('accepts a field added with a default', () => {
    const next = copyOf('flights.updates');
    next.fields.push({ name: 'foo', type: ['null', 'string'], default: null, doc: 'new' });
    expect(findIncompatibilities(valueSchemaFor('flights.updates'), next)).toEqual([]);
  });

  it('accepts a removed field and a promoted type (int to long)', () => {
    const previous = copyOf('flight.events');
    const next = withField(copyOf('flight.events'), 'delayMinutes', (field) => {
      field.type = ['null', 'long'];
    });
    next.fields = next.fields.filter((field) => field.name !== 'firId');
    expect(findIncompatibilities(previous, next)).toEqual([]);
  });

  it('names a field added without a default', () => {
    const next = copyOf('flights.updates');
    next.fields.push({ name: 'foo', type: 'string', doc: 'new' });
    expect(findIncompatibilities(valueSchemaFor('flights.updates'), next)).toEqual([
      'PositionUpdate.foo: added without a default',
    ]);
  });

  it('names a field whose type changed', () => {
    const next = withField(copyOf('flights.updates'), 'latitude', (field) => {
      field.type = 'string';
    });
    expect(findIncompatibilities(valueSchemaFor('flights.updates'), next)).toEqual([
      'PositionUpdate.latitude: type changed from double to string',
    ]);
  });

  it('names a nested field, in every field that uses the record', () => {
    const next = withField(copyOf('charges.calculated'), 'unitRate', (field) => {
      const [, money] = field.type as [string, Schema];
      money.fields.push({ name: 'scale', type: 'int', doc: 'decimal places' });
    });
    expect(findIncompatibilities(valueSchemaFor('charges.calculated'), next)).toEqual([
      'ChargeCalculated.unitRate.scale: added without a default',
      'ChargeCalculated.amount.scale: added without a default',
    ]);
  });

  it('names an enum that lost a symbol and has no default', () => {
    const enumOf = (symbols: string[], withDefault: boolean): Record<string, unknown> => ({
      type: 'record',
      name: 'R',
      fields: [
        {
          name: 'kind',
          type: {
            type: 'enum',
            name: 'Kind',
            symbols,
            ...(withDefault ? { default: symbols[0] } : {}),
          },
        },
      ],
    });
    expect(findIncompatibilities(enumOf(['A', 'B'], false), enumOf(['A'], false))).toEqual([
      'R.kind: enum Kind dropped B and has no default symbol',
    ]);
    expect(findIncompatibilities(enumOf(['A', 'B'], false), enumOf(['A'], true))).toEqual([]);
  });

  it('names a nullable field made required with a different type', () => {
    const next = withField(copyOf('flights.updates'), 'callsign', (field) => {
      field.type = 'long';
      delete field.default;
    });
    expect(findIncompatibilities(valueSchemaFor('flights.updates'), next)).toEqual([
      'PositionUpdate.callsign: type changed from null to long',
      'PositionUpdate.callsign: type changed from string to long',
    ]);
  });

  it('reports an unparseable schema instead of throwing', () => {
    expect(
      findIncompatibilities('{"type": "record"}', valueSchemaFor('flights.updates'))[0],
    ).toMatch(/^previous schema is invalid/);
  });
});
