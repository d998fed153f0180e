// How a field's Avro type reads in docs/topics.md: one line a reader of another team
// understands without the Avro spec at hand, and the rows of nested records flattened
// under dotted paths (`passage.entryTime`, `passengers[].cabinClass`).
import { isJsonObject, type JsonObject } from '../json.js';

/** Named types (records, enums, fixed) of one schema file, by full and short name. */
export type NamedTypes = ReadonlyMap<string, JsonObject>;

export interface FieldRow {
  /** Dotted path from the top-level record: `unitRate.amountMinor`, `samples[].labels`. */
  readonly path: string;
  readonly type: string;
  readonly doc: string;
}

const logicalTypes: Readonly<Record<string, string>> = {
  'timestamp-millis': 'timestamp-millis (long: UTC epoch ms)',
  'timestamp-micros': 'timestamp-micros (long: UTC epoch µs)',
  date: 'date (int: days since 1970-01-01)',
  'time-millis': 'time-millis (int: ms after midnight)',
  uuid: 'uuid (string)',
};

/** Collects every named type a schema defines, under its full name and its short name. */
export function namedTypesOf(schema: unknown): NamedTypes {
  const named = new Map<string, JsonObject>();
  const walk = (type: unknown, namespace: string | undefined): void => {
    if (Array.isArray(type)) {
      for (const branch of type) walk(branch, namespace);
      return;
    }
    if (!isJsonObject(type)) return;
    const kind = type.type;
    if (kind === 'record' || kind === 'error' || kind === 'enum' || kind === 'fixed') {
      const name = String(type.name);
      const ns = typeof type.namespace === 'string' ? type.namespace : namespace;
      const fullName = name.includes('.') || !ns ? name : `${ns}.${name}`;
      named.set(fullName, type);
      named.set(shortName(fullName), type);
      if (Array.isArray(type.fields)) {
        for (const field of type.fields) if (isJsonObject(field)) walk(field.type, ns);
      }
      return;
    }
    if (kind === 'array') walk(type.items, namespace);
    else if (kind === 'map') walk(type.values, namespace);
    else if (isJsonObject(kind) || Array.isArray(kind)) walk(kind, namespace);
  };
  walk(schema, undefined);
  return named;
}

const shortName = (fullName: string): string => fullName.slice(fullName.lastIndexOf('.') + 1);

/** A type reference by name resolved to its definition; anything else as it is. */
function resolve(type: unknown, named: NamedTypes): unknown {
  if (typeof type === 'string' && named.has(type)) return named.get(type);
  if (isJsonObject(type) && typeof type.type === 'string' && named.has(type.type)) {
    return named.get(type.type);
  }
  return type;
}

/** One readable line for a type: `string`, `enum CrossingStatus: PROVISIONAL, FINAL, UNKNOWN`. */
export function renderType(type: unknown, named: NamedTypes): string {
  const resolved = resolve(type, named);
  if (typeof resolved === 'string') return resolved;
  if (Array.isArray(resolved)) return renderUnion(resolved, named);
  if (!isJsonObject(resolved)) throw new Error(`not an Avro type: ${JSON.stringify(type)}`);
  const kind = resolved.type;
  if (typeof resolved.logicalType === 'string') {
    return logicalTypes[resolved.logicalType] ?? `${resolved.logicalType} (${String(kind)})`;
  }
  switch (kind) {
    case 'record':
    case 'error':
      return `record ${shortName(String(resolved.name))}`;
    case 'enum': {
      const symbols = Array.isArray(resolved.symbols) ? resolved.symbols.join(', ') : '';
      return `enum ${shortName(String(resolved.name))}: ${symbols}`;
    }
    case 'fixed':
      return `fixed ${shortName(String(resolved.name))} (${String(resolved.size)} bytes)`;
    case 'array':
      return `array of ${renderType(resolved.items, named)}`;
    case 'map':
      return `map of string to ${renderType(resolved.values, named)}`;
    default:
      if (isJsonObject(kind) || Array.isArray(kind)) return renderType(kind, named);
      return String(kind);
  }
}

function renderUnion(branches: readonly unknown[], named: NamedTypes): string {
  const others = branches.filter((branch) => branch !== 'null');
  const rendered = others.map((branch) => renderType(branch, named)).join(' or ');
  if (others.length === branches.length) return `union of ${rendered}`;
  return `null or ${rendered}`;
}

/** The record a field's type holds, looking through `null |`, arrays and maps. */
function innerRecord(
  type: unknown,
  named: NamedTypes,
): { record: JsonObject; suffix: string } | null {
  const resolved = resolve(type, named);
  if (Array.isArray(resolved)) {
    const others = resolved.filter((branch) => branch !== 'null');
    return others.length === 1 ? innerRecord(others[0], named) : null;
  }
  if (!isJsonObject(resolved)) return null;
  if (resolved.type === 'record' || resolved.type === 'error')
    return { record: resolved, suffix: '' };
  if (resolved.type === 'array') {
    const inner = innerRecord(resolved.items, named);
    return inner && { record: inner.record, suffix: `[]${inner.suffix}` };
  }
  if (resolved.type === 'map') {
    const inner = innerRecord(resolved.values, named);
    return inner && { record: inner.record, suffix: `{}${inner.suffix}` };
  }
  return null;
}

function defaultNote(field: JsonObject): string {
  if (!Object.hasOwn(field, 'default') || field.default === null) return '';
  return ` (default \`${JSON.stringify(field.default)}\`)`;
}

/**
 * The rows of a record's fields, nested records' fields following their parent under a
 * dotted path. A record inside itself (recursion) is named, not expanded again.
 */
export function fieldRows(record: JsonObject, named: NamedTypes): FieldRow[] {
  const rows: FieldRow[] = [];
  const walk = (current: JsonObject, prefix: string, open: ReadonlySet<string>): void => {
    const fields = Array.isArray(current.fields) ? current.fields : [];
    for (const field of fields) {
      if (!isJsonObject(field)) continue;
      const path = `${prefix}${String(field.name)}`;
      rows.push({
        path,
        type: `${renderType(field.type, named)}${defaultNote(field)}`,
        doc: typeof field.doc === 'string' ? field.doc : '',
      });
      const inner = innerRecord(field.type, named);
      if (inner) {
        const name = String(inner.record.name);
        if (!open.has(name))
          walk(inner.record, `${path}${inner.suffix}.`, new Set([...open, name]));
      }
    }
  };
  walk(record, '', new Set([String(record.name)]));
  return rows;
}
