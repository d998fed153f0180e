import { z } from 'zod';
import { ConfigError, type ConfigIssue } from './errors.js';
import { type Env, isSecretField, unwrapField } from './field-meta.js';

/** Shape of a config: one zod schema per environment variable. */
export type ConfigShape = z.ZodRawShape;
export type ConfigSchema<S extends ConfigShape = ConfigShape> = z.ZodObject<S>;
export type LoadedConfig<T extends z.AnyZodObject> = Readonly<z.infer<T>>;

/** Names the variables a service reads; unknown variables in the environment are ignored. */
export function defineConfig<S extends ConfigShape>(shape: S): ConfigSchema<S> {
  return z.object(shape);
}

const MAX_ECHO = 120;

/**
 * Parses the environment once into a deep-frozen typed object, or throws a ConfigError
 * listing every problem (not just the first) with the variable's name.
 */
export function loadConfig<T extends z.AnyZodObject>(
  schema: T,
  env: Env = process.env,
): LoadedConfig<T> {
  const input: Record<string, string | undefined> = {};
  const derivedFrom = new Map<string, readonly string[]>();
  for (const [name, field] of Object.entries(schema.shape as ConfigShape)) {
    input[name] = normalise(env[name]);
    const derived = unwrapField(field).meta.derivedDefault;
    if (input[name] === undefined && derived) {
      input[name] = derived.compute(env);
      derivedFrom.set(name, derived.from);
    }
  }

  const result = schema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map((issue) =>
      toConfigIssue(issue, schema.shape as ConfigShape, input, env, derivedFrom),
    );
    throw new ConfigError(issues);
  }
  return deepFreeze(result.data as z.infer<T>);
}

/**
 * For a service's config.ts: print the problems and exit 1, since nothing can run without
 * config. `crossCheck` adds rules between variables (one problem per string), printed the same way.
 */
export function loadConfigOrExit<T extends z.AnyZodObject>(
  schema: T,
  env: Env = process.env,
  crossCheck?: (config: LoadedConfig<T>) => string[],
): LoadedConfig<T> {
  let config: LoadedConfig<T>;
  try {
    config = loadConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const problems = crossCheck?.(config) ?? [];
  if (problems.length > 0) {
    process.stderr.write(
      `Invalid configuration (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${problems.map((p) => `  - ${p}`).join('\n')}\n`,
    );
    process.exit(1);
  }
  return config;
}

// docker-compose writes `FOO=` for an unset value; treating blank as unset lets defaults apply.
function normalise(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function toConfigIssue(
  issue: z.ZodIssue,
  shape: ConfigShape,
  input: Record<string, string | undefined>,
  env: Env,
  derivedFrom: ReadonlyMap<string, readonly string[]>,
): ConfigIssue {
  const [first] = issue.path;
  const variable = first === undefined ? '(config)' : String(first);
  const field = shape[variable];
  const value = input[variable];
  const missing =
    issue.code === z.ZodIssueCode.invalid_type && issue.received === z.ZodParsedType.undefined;
  if (missing && normalise(env[variable]) === undefined && !derivedFrom.has(variable)) {
    return { variable, problem: 'required but not set' };
  }
  const secret = isSecretField(variable, field);
  if (value === undefined || secret) return { variable, problem: issue.message };
  const from = derivedFrom.get(variable);
  const note = from ? ` (default derived from ${from.join(', ')})` : '';
  return { variable, problem: issue.message, received: `${echo(value)}${note}` };
}

function echo(value: string): string {
  // A URL's password is a secret even when the URL is not (DATABASE_URL).
  const masked = value.replace(/(\/\/[^:/@\s]*):[^@/\s]*@/g, '$1:***@');
  const short = masked.length > MAX_ECHO ? `${masked.slice(0, MAX_ECHO)}…` : masked;
  return JSON.stringify(short);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
