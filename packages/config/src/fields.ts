import { z } from 'zod';
import { DURATION_FORMAT, parseDuration } from './duration.js';
import { type DerivedDefault, setFieldMeta } from './field-meta.js';

/**
 * Field builders for environment variables. Each accepts the raw string from the
 * environment (or a typed value, so `.default(8080)` and `.default('8080')` both work),
 * and fails with "expected <format>" — the loader adds the variable name and the value.
 */
type Field<Out, In> = z.ZodType<Out, z.ZodTypeDef, In>;

function field<In, Out>(
  format: string,
  parse: (raw: In) => Out | undefined,
  options: { secret?: boolean } = {},
): Field<Out, In> {
  const base = z.custom<In>(() => true);
  setFieldMeta(base, { format, ...options });
  return base.transform((raw, ctx) => {
    if (raw === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.invalid_type,
        expected: z.ZodParsedType.string,
        received: z.ZodParsedType.undefined,
      });
      return z.NEVER;
    }
    const parsed = parse(raw);
    if (parsed === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected ${format}` });
      return z.NEVER;
    }
    return parsed;
  });
}

function toText(raw: string | number | boolean): string {
  return String(raw).trim();
}

const INTEGER = /^[+-]?\d+$/;

function parseInteger(raw: string | number): number | undefined {
  const text = toText(raw);
  return INTEGER.test(text) ? Number(text) : undefined;
}

function parsePort(raw: string | number, allowZero: boolean): number | undefined {
  const port = parseInteger(raw);
  if (port === undefined || port > 65535 || port < (allowZero ? 0 : 1)) return undefined;
  return port;
}

/** A TCP port. `allowZero` lets 0 mean "any free port" (tests, ephemeral servers). */
export function port(options: { allowZero?: boolean } = {}): Field<number, string | number> {
  const allowZero = options.allowZero ?? false;
  const format = `a TCP port ${allowZero ? 0 : 1}-65535`;
  return field(format, (raw: string | number) => parsePort(raw, allowZero));
}

/** An absolute URL, kept as the string given. `protocols` without the colon: ['http', 'https']. */
export function url(options: { protocols?: readonly string[] } = {}): Field<string, string> {
  const protocols = options.protocols;
  const format = protocols
    ? `a ${protocols.join('/')} URL like ${protocols[0]}://host:port/path`
    : 'an absolute URL like http://host:port/path';
  return field(format, (raw: string) => {
    const text = toText(raw);
    if (!URL.canParse(text)) return undefined;
    const scheme = new URL(text).protocol.slice(0, -1);
    return protocols && !protocols.includes(scheme) ? undefined : text;
  });
}

// host is a DNS name, an IPv4 address, or a bracketed IPv6 address.
const BROKER = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;

/** Kafka bootstrap servers: "host:port[,host:port…]" → ['host:port', …]. */
export function brokers(): Field<string[], string> {
  return field('host:port[,host:port…]', (raw: string) => {
    const items = toText(raw)
      .split(',')
      .map((item) => item.trim());
    const valid = items.every((item) => {
      const match = BROKER.exec(item);
      return match?.[2] !== undefined && parsePort(match[2], false) !== undefined;
    });
    return valid && items.length > 0 ? items : undefined;
  });
}

/**
 * A duration in the one grammar of parseDuration ("250ms", "10s", "5m", "1h30m", "1d") →
 * milliseconds. A bare number in the environment is refused (a unit is required); a typed
 * default (`.default(250)`) is already milliseconds.
 */
export function duration(options: { positive?: boolean } = {}): Field<number, string | number> {
  const positive = options.positive ?? false;
  const format = positive ? `${DURATION_FORMAT} and more than 0s` : DURATION_FORMAT;
  return field(format, (raw: string | number) => {
    const ms =
      typeof raw === 'number'
        ? Number.isFinite(raw) && raw >= 0
          ? Math.round(raw)
          : undefined
        : (parseDuration(toText(raw)) ?? undefined);
    return ms === undefined || (positive && ms === 0) ? undefined : ms;
  });
}

const TRUE = new Set(['true', '1', 'yes']);
const FALSE = new Set(['false', '0', 'no']);

/** "true/false", "1/0", "yes/no" (any case) → boolean. */
export function bool(): Field<boolean, string | boolean> {
  return field('true/false, 1/0 or yes/no', (raw: string | boolean) => {
    const text = toText(raw).toLowerCase();
    if (TRUE.has(text)) return true;
    if (FALSE.has(text)) return false;
    return undefined;
  });
}

/** A whole number, optionally bounded (inclusive). */
export function int(options: { min?: number; max?: number } = {}): Field<number, string | number> {
  const { min, max } = options;
  let format = 'an integer';
  if (min !== undefined && max !== undefined) format = `an integer ${min}-${max}`;
  else if (min !== undefined) format = `an integer >= ${min}`;
  else if (max !== undefined) format = `an integer <= ${max}`;
  return field(format, (raw: string | number) => {
    const value = parseInteger(raw);
    if (value === undefined) return undefined;
    if ((min !== undefined && value < min) || (max !== undefined && value > max)) return undefined;
    return value;
  });
}

/** One of the given values, matched case-insensitively and returned as declared. */
export function enumOf<const T extends readonly [string, ...string[]]>(
  values: T,
): Field<T[number], string> {
  return field(`one of ${values.join(', ')}`, (raw: string) => {
    const text = toText(raw).toLowerCase();
    return values.find((value) => value.toLowerCase() === text);
  });
}

/** A non-empty string that is never echoed in errors or docs. */
export function secret(): Field<string, string> {
  return field('a non-empty value', (raw: string) => (raw.length > 0 ? raw : undefined), {
    secret: true,
  });
}

/** A comma-separated list → trimmed, non-empty items. */
export function csv(): Field<string[], string> {
  return field('a comma-separated list', (raw: string) =>
    toText(raw)
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );
}

/**
 * Gives `schema` a default computed from other variables when its own is unset. Call it
 * last: `.describe()` or `.optional()` after it return a new schema without the default.
 */
export function derivedDefault<S extends z.ZodTypeAny>(schema: S, derived: DerivedDefault): S {
  setFieldMeta(schema, { derivedDefault: derived });
  return schema;
}
