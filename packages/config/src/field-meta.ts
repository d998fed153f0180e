import type { z } from 'zod';

export type Env = Readonly<Record<string, string | undefined>>;

/** What the loader and describeConfig need to know about a field beyond its zod type. */
export interface FieldMeta {
  /** Human description of the accepted format, e.g. "host:port[,host:port…]". */
  format?: string;
  /** Never echo the received value (errors, docs). */
  secret?: boolean;
  /** A default computed from other variables (e.g. a port chosen by infra). */
  derivedDefault?: DerivedDefault;
}

export interface DerivedDefault {
  /** Variables the default is computed from, named in errors when the result is bad. */
  from: readonly string[];
  compute: (env: Env) => string;
  /** How docs show the default, e.g. "127.0.0.1:${OVERFLY_KAFKA_PORT:-9092}". */
  shown: string;
}

// Kept outside zod because zod 3 has no metadata slot; `.describe()` clones a schema,
// so lookups walk every wrapper layer (see unwrapField) rather than trusting the outer one.
const metaBySchema = new WeakMap<z.ZodTypeAny, FieldMeta>();

export function setFieldMeta(schema: z.ZodTypeAny, meta: FieldMeta): void {
  metaBySchema.set(schema, { ...metaBySchema.get(schema), ...meta });
}

export interface FieldInfo {
  meta: FieldMeta;
  optional: boolean;
  defaultValue?: unknown;
  hasDefault: boolean;
  description?: string;
}

/** Walks optional/default/effects wrappers and merges what each layer says. */
export function unwrapField(schema: z.ZodTypeAny): FieldInfo {
  const info: FieldInfo = { meta: {}, optional: false, hasDefault: false };
  let current: z.ZodTypeAny | undefined = schema;
  while (current) {
    const meta = metaBySchema.get(current);
    if (meta) info.meta = { ...meta, ...info.meta };
    if (info.description === undefined && current.description !== undefined) {
      info.description = current.description;
    }
    current = step(current, info);
  }
  return info;
}

interface WrapperDef {
  typeName?: string;
  innerType?: z.ZodTypeAny;
  schema?: z.ZodTypeAny;
  type?: z.ZodTypeAny;
  in?: z.ZodTypeAny;
  defaultValue?: () => unknown;
}

function step(schema: z.ZodTypeAny, info: FieldInfo): z.ZodTypeAny | undefined {
  const def = schema._def as WrapperDef;
  switch (def.typeName) {
    case 'ZodOptional':
      info.optional = true;
      return def.innerType;
    case 'ZodDefault':
      if (!info.hasDefault && def.defaultValue) {
        info.hasDefault = true;
        info.defaultValue = def.defaultValue();
      }
      return def.innerType;
    case 'ZodNullable':
    case 'ZodCatch':
    case 'ZodReadonly':
      return def.innerType;
    case 'ZodEffects':
      return def.schema;
    case 'ZodBranded':
      return def.type;
    case 'ZodPipeline':
      return def.in;
    default:
      return undefined;
  }
}

// Names that are secret whatever schema the caller chose, so a plain z.string() for a
// password is still never echoed.
const SECRET_NAME = /(SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE_KEY|API_KEY|CREDENTIAL)/i;

export function isSecretField(name: string, schema: z.ZodTypeAny | undefined): boolean {
  return SECRET_NAME.test(name) || (schema ? (unwrapField(schema).meta.secret ?? false) : false);
}
