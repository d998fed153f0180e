import type { z } from 'zod';
import { ConfigError } from './errors.js';
import type { Env } from './field-meta.js';
import { type LoadedConfig, loadConfig } from './load-config.js';

/** A command-line flag that stands for one of the service's variables, and what it was given. */
export interface FlagValue {
  /** As the user types it, e.g. `--tariff`. */
  flag: string;
  /** Undefined when the flag was not given; a repeated flag's values are joined with ','. */
  value: string | readonly string[] | undefined;
}

/**
 * What a command-line tool runs with: the variables of its service, parsed by the same zod
 * fields (so a tool and its service can never read a value two ways), where every flag that
 * was given overrides its variable. `defaults` are the tool's own defaults where they differ
 * from the service's (a one-shot replay runs at max speed); the environment beats them, a
 * flag beats both. A problem names the flag and the variable.
 */
export function loadToolConfig<T extends z.AnyZodObject>(
  schema: T,
  flags: { readonly [K in keyof z.infer<T>]?: FlagValue },
  options: { env?: Env; defaults?: Env } = {},
): LoadedConfig<T> {
  const env: Record<string, string | undefined> = {
    ...options.defaults,
    ...(options.env ?? process.env),
  };
  const byVariable = new Map<string, string>();
  for (const [variable, given] of Object.entries(flags) as Array<[string, FlagValue | undefined]>) {
    if (!given) continue;
    byVariable.set(variable, given.flag);
    if (given.value === undefined) continue;
    env[variable] = typeof given.value === 'string' ? given.value : given.value.join(',');
  }
  try {
    return loadConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(
      error.issues.map((issue) => {
        const flag = byVariable.get(issue.variable);
        return flag ? { ...issue, variable: `${flag} (${issue.variable})` } : issue;
      }),
    );
  }
}
