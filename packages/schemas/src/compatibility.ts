// BACKWARD compatibility, as the schema registry enforces it per subject: a consumer
// using the NEW (current) schema must read every message written with the OLD one.
// avsc's createResolver is the verdict; our own walk mirrors Avro's resolution rules
// only to say *which field* breaks, which avsc's messages do not.
import { type AvroType, AvroTypeClass, avroTypes } from './avro.js';

type ForSchemaInput = Parameters<typeof AvroTypeClass.forSchema>[0];

const promotions: Readonly<Record<string, readonly string[]>> = {
  // writer type → reader types that can read it (Avro spec, "Schema Resolution").
  int: ['long', 'float', 'double'],
  long: ['float', 'double'],
  float: ['double'],
  string: ['bytes'],
  bytes: ['string'],
};

function parse(schema: unknown, label: string): AvroType | string {
  try {
    const json: unknown = typeof schema === 'string' ? JSON.parse(schema) : schema;
    // avsc validates the structure; anything malformed throws and is reported.
    return AvroTypeClass.forSchema(json as ForSchemaInput);
  } catch (error: unknown) {
    return `${label} schema is invalid: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function isUnion(type: AvroType): type is InstanceType<typeof avroTypes.UnwrappedUnionType> {
  return type instanceof avroTypes.UnwrappedUnionType || type instanceof avroTypes.WrappedUnionType;
}

function describe(type: AvroType): string {
  if (isUnion(type)) return `[${type.types.map(describe).join(', ')}]`;
  return type.name ?? type.typeName;
}

function shortName(name: string | undefined): string {
  return (name ?? '').slice((name ?? '').lastIndexOf('.') + 1);
}

function namesMatch(reader: AvroType, writer: AvroType): boolean {
  return reader.name === writer.name || (reader.aliases ?? []).includes(writer.name ?? '');
}

function enumDefault(type: AvroType): string | undefined {
  const value: unknown = Reflect.get(type, 'default');
  return typeof value === 'string' ? value : undefined;
}

class Walker {
  readonly problems: string[] = [];
  readonly #visited = new Set<string>();

  /** Can `reader` read data written as `writer`? Records problems under `path`. */
  check(reader: AvroType, writer: AvroType, path: string): void {
    if (isUnion(writer)) {
      for (const branch of writer.types) this.check(reader, branch, path);
      return;
    }
    if (isUnion(reader)) {
      const branch = this.#pickBranch(reader, writer);
      if (branch) this.check(branch, writer, path);
      else
        this.problems.push(
          `${path}: old type ${describe(writer)} is not readable as ${describe(reader)}`,
        );
      return;
    }
    if (reader.typeName !== writer.typeName) {
      if (!(promotions[writer.typeName] ?? []).includes(reader.typeName)) {
        this.problems.push(`${path}: type changed from ${describe(writer)} to ${describe(reader)}`);
      }
      return;
    }
    if ((reader.name !== undefined || writer.name !== undefined) && !namesMatch(reader, writer)) {
      this.problems.push(`${path}: renamed from ${writer.name} to ${reader.name} without an alias`);
      return;
    }
    if (reader instanceof avroTypes.RecordType && writer instanceof avroTypes.RecordType) {
      this.#checkRecord(reader, writer, path);
    } else if (reader instanceof avroTypes.EnumType && writer instanceof avroTypes.EnumType) {
      const lost = writer.symbols.filter((symbol) => !reader.symbols.includes(symbol));
      if (lost.length > 0 && enumDefault(reader) === undefined) {
        this.problems.push(
          `${path}: enum ${shortName(reader.name)} dropped ${lost.join(', ')} and has no default symbol`,
        );
      }
    } else if (reader instanceof avroTypes.ArrayType && writer instanceof avroTypes.ArrayType) {
      this.check(reader.itemsType, writer.itemsType, `${path}[]`);
    } else if (reader instanceof avroTypes.MapType && writer instanceof avroTypes.MapType) {
      // valuesType is typed `any` in avsc's declarations; it is always a Type.
      const readerValues: AvroType = reader.valuesType;
      const writerValues: AvroType = writer.valuesType;
      this.check(readerValues, writerValues, `${path}{}`);
    } else if (reader instanceof avroTypes.FixedType && writer instanceof avroTypes.FixedType) {
      if (reader.size !== writer.size)
        this.problems.push(`${path}: fixed size changed from ${writer.size} to ${reader.size}`);
    }
  }

  #checkRecord(
    reader: InstanceType<typeof avroTypes.RecordType>,
    writer: InstanceType<typeof avroTypes.RecordType>,
    path: string,
  ): void {
    const key = `${reader.name}<-${writer.name}@${path}`;
    if (this.#visited.has(key)) return; // recursive schemas
    this.#visited.add(key);
    for (const field of reader.fields) {
      const names = [field.name, ...(field.aliases ?? [])];
      const source = writer.fields.find((candidate) => names.includes(candidate.name));
      const fieldPath = `${path}.${field.name}`;
      if (source) this.check(field.type, source.type, fieldPath);
      else if (field.defaultValue() === undefined)
        this.problems.push(`${fieldPath}: added without a default`);
    }
  }

  /** The reader branch Avro would pick: same kind and name first, then any that resolves. */
  #pickBranch(
    reader: InstanceType<typeof avroTypes.UnwrappedUnionType>,
    writer: AvroType,
  ): AvroType | undefined {
    const sameKind = reader.types.find(
      (branch) =>
        branch.typeName === writer.typeName &&
        (branch.name === undefined || namesMatch(branch, writer)),
    );
    if (sameKind) return sameKind;
    return reader.types.find((branch) => {
      try {
        branch.createResolver(writer);
        return true;
      } catch {
        return false;
      }
    });
  }
}

/**
 * Problems that stop a reader with `current` from reading data written with `previous`
 * (BACKWARD compatibility), each naming the field, e.g.
 * "PositionUpdate.foo: added without a default". Empty when compatible.
 * Both arguments are Avro schemas as JSON text or parsed JSON.
 */
export function findIncompatibilities(previous: unknown, current: unknown): string[] {
  const writer = parse(previous, 'previous');
  const reader = parse(current, 'current');
  if (typeof writer === 'string' || typeof reader === 'string') {
    return [writer, reader].filter((item): item is string => typeof item === 'string');
  }
  const walker = new Walker();
  const root = shortName(reader.name) || reader.typeName;
  walker.check(reader, writer, root);
  try {
    reader.createResolver(writer);
  } catch (error: unknown) {
    // Our walk should have explained it; if not, avsc's own words are still better than silence.
    if (walker.problems.length === 0) {
      walker.problems.push(`${root}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return walker.problems;
}
