import type { NamedDef, TypeRef } from './avro-model.js';
import { camelCase, generatedHeader, jsDoc } from './header.js';

function tsType(type: TypeRef, names: ReadonlyMap<string, string>): string {
  switch (type.kind) {
    case 'primitive':
      switch (type.name) {
        case 'null':
          return 'null';
        case 'boolean':
          return 'boolean';
        case 'string':
          return 'string';
        case 'bytes':
          return 'Buffer';
        default:
          // int, long, float, double and their logical types (timestamp-millis, date).
          return 'number';
      }
    case 'named':
      return names.get(type.fullName) ?? 'unknown';
    case 'array': {
      const items = tsType(type.items, names);
      return /^[A-Za-z]+$/.test(items) ? `${items}[]` : `Array<${items}>`;
    }
    case 'map':
      return `Record<string, ${tsType(type.values, names)}>`;
    case 'nullable':
      return `${tsType(type.type, names)} | null`;
  }
}

function emitNamed(def: NamedDef, names: ReadonlyMap<string, string>): string {
  const doc = jsDoc(`${def.doc} (Avro \`${def.fullName}\`)`);
  switch (def.kind) {
    case 'record': {
      const fields = def.fields.map(
        (field) => `${jsDoc(field.doc, '  ')}  ${field.name}: ${tsType(field.type, names)};\n`,
      );
      return `${doc}export interface ${def.name} {\n${fields.join('')}}\n`;
    }
    case 'enum': {
      const symbols = def.symbols.map((symbol) => `'${symbol}'`);
      const fallback =
        def.default === undefined
          ? ''
          : ` A reader maps symbols it does not know to ${def.default}.`;
      return (
        `${doc}export type ${def.name} = ${symbols.join(' | ')};\n\n` +
        jsDoc(`Symbols of {@link ${def.name}} in schema order.${fallback}`) +
        `export const ${camelCase(def.name)}Symbols: readonly ${def.name}[] = [${symbols.join(', ')}];\n`
      );
    }
    case 'fixed':
      return `${doc}export type ${def.name} = Buffer;\n`;
  }
}

/** types.ts: one declaration per named Avro type, each emitted once. */
export function emitTypes(named: readonly NamedDef[]): string {
  const names = new Map(named.map((def) => [def.fullName, def.name]));
  const intro =
    '// Avro long and timestamp-millis map to number: exact up to 2^53 (year 287396 in ms),\n' +
    '// and avsc refuses to decode anything larger. Kafka offsets, which can exceed it, are strings.\n' +
    '// Records are read-complete: fields with defaults are still required here, because a\n' +
    '// decoded value always has them.\n';
  return `${generatedHeader}${intro}\n${named.map((def) => emitNamed(def, names)).join('\n')}`;
}
