// A small normalised model of an Avro schema (names resolved to full names), enough to
// check docs, detect clashing type names across files and emit TypeScript.
import { isJsonObject, type JsonObject, stringProp } from '../json.js';

type Primitive = 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';

export type TypeRef =
  | { readonly kind: 'primitive'; readonly name: Primitive; readonly logicalType?: string }
  | { readonly kind: 'named'; readonly fullName: string }
  | { readonly kind: 'array'; readonly items: TypeRef }
  | { readonly kind: 'map'; readonly values: TypeRef }
  | { readonly kind: 'nullable'; readonly type: TypeRef };

interface FieldDef {
  readonly name: string;
  readonly doc: string;
  readonly type: TypeRef;
}

export type NamedDef =
  | {
      readonly kind: 'record';
      readonly fullName: string;
      readonly name: string;
      readonly doc: string;
      readonly fields: readonly FieldDef[];
    }
  | {
      readonly kind: 'enum';
      readonly fullName: string;
      readonly name: string;
      readonly doc: string;
      readonly symbols: readonly string[];
      readonly default?: string;
    }
  | {
      readonly kind: 'fixed';
      readonly fullName: string;
      readonly name: string;
      readonly doc: string;
      readonly size: number;
    };

export interface SchemaModel {
  readonly rootFullName: string;
  /** Named types in order of definition (depth first), root first. */
  readonly named: readonly NamedDef[];
}

const primitives: ReadonlySet<string> = new Set([
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'bytes',
  'string',
]);

function isPrimitive(name: string): name is Primitive {
  return primitives.has(name);
}

/**
 * Builds the model of one schema and collects every rule it breaks (missing doc,
 * unions other than ["null", T]) into `problems`, prefixed with `source`.
 * Call it only on schemas avsc has already accepted: structure errors are avsc's job.
 */
export function buildModel(schema: unknown, source: string, problems: string[]): SchemaModel {
  const named: NamedDef[] = [];
  const known = new Set<string>();
  const problem = (where: string, message: string): void => {
    problems.push(`${source}: ${where}: ${message}`);
  };

  const fullNameOf = (object: JsonObject, enclosing: string): string => {
    const name = stringProp(object, 'name') ?? '';
    if (name.includes('.')) return name;
    const namespace = stringProp(object, 'namespace') ?? enclosing;
    return namespace ? `${namespace}.${name}` : name;
  };
  const namespaceOf = (fullName: string): string =>
    fullName.slice(0, Math.max(0, fullName.lastIndexOf('.')));
  const simpleName = (fullName: string): string => fullName.slice(fullName.lastIndexOf('.') + 1);

  const visit = (node: unknown, namespace: string, where: string): TypeRef => {
    if (typeof node === 'string') {
      if (isPrimitive(node)) return { kind: 'primitive', name: node };
      const fullName = node.includes('.') || !namespace ? node : `${namespace}.${node}`;
      // An unqualified reference may also name a type in the null namespace.
      const resolved = known.has(fullName) ? fullName : node;
      return { kind: 'named', fullName: resolved };
    }
    if (Array.isArray(node)) {
      const branches = node.map((branch, i) => visit(branch, namespace, `${where}[${i}]`));
      const [first, second] = branches;
      if (branches.length === 2 && first?.kind === 'primitive' && first.name === 'null' && second) {
        return { kind: 'nullable', type: second };
      }
      // Other unions would decode as wrapped objects or ambiguous values in avsc;
      // the contract keeps to optional values, which every language maps cleanly.
      problem(where, 'only ["null", T] unions are allowed');
      return second ?? { kind: 'primitive', name: 'null' };
    }
    if (!isJsonObject(node)) {
      problem(where, 'not a schema');
      return { kind: 'primitive', name: 'null' };
    }
    const type = node.type;
    const logicalType = stringProp(node, 'logicalType');
    if (typeof type === 'string' && isPrimitive(type)) {
      return logicalType === undefined
        ? { kind: 'primitive', name: type }
        : { kind: 'primitive', name: type, logicalType };
    }
    if (type === 'array')
      return { kind: 'array', items: visit(node.items, namespace, `${where}[]`) };
    if (type === 'map') return { kind: 'map', values: visit(node.values, namespace, `${where}{}`) };
    if (type === 'record' || type === 'error' || type === 'enum' || type === 'fixed') {
      const fullName = fullNameOf(node, namespace);
      const name = simpleName(fullName);
      const doc = stringProp(node, 'doc') ?? '';
      if (!doc.trim()) problem(fullName, `${type} has no doc`);
      known.add(fullName);
      if (type === 'enum') {
        const symbols = Array.isArray(node.symbols)
          ? node.symbols.filter((s) => typeof s === 'string')
          : [];
        const enumDefault = stringProp(node, 'default');
        named.push(
          enumDefault === undefined
            ? { kind: 'enum', fullName, name, doc, symbols }
            : { kind: 'enum', fullName, name, doc, symbols, default: enumDefault },
        );
      } else if (type === 'fixed') {
        named.push({ kind: 'fixed', fullName, name, doc, size: Number(node.size) });
      } else {
        // Register before the fields so the record comes before the types it nests.
        const fields: FieldDef[] = [];
        named.push({ kind: 'record', fullName, name, doc, fields });
        const rawFields = Array.isArray(node.fields) ? node.fields : [];
        for (const rawField of rawFields) {
          if (!isJsonObject(rawField)) continue;
          const fieldName = stringProp(rawField, 'name') ?? '';
          const fieldDoc = stringProp(rawField, 'doc') ?? '';
          const fieldWhere = `${name}.${fieldName}`;
          if (!fieldDoc.trim()) problem(fieldWhere, 'field has no doc');
          fields.push({
            name: fieldName,
            doc: fieldDoc,
            type: visit(rawField.type, namespaceOf(fullName), fieldWhere),
          });
        }
      }
      return { kind: 'named', fullName };
    }
    if (isJsonObject(type) || Array.isArray(type) || typeof type === 'string') {
      return visit(type, namespace, where);
    }
    problem(where, 'unknown type');
    return { kind: 'primitive', name: 'null' };
  };

  const root = visit(schema, '', 'schema');
  if (root.kind !== 'named' || named[0]?.kind !== 'record') {
    problem('schema', 'the top-level type must be a record');
  }
  return { rootFullName: root.kind === 'named' ? root.fullName : '', named };
}
