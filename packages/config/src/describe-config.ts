import type { z } from 'zod';
import { isSecretField, unwrapField } from './field-meta.js';

/** One environment variable as docs show it. */
export interface ConfigVariable {
  name: string;
  required: boolean;
  default?: string;
  format?: string;
  description?: string;
  secret: boolean;
}

/** Lists a config's variables with their defaults and descriptions, for generated docs. */
export function describeConfig(schema: z.AnyZodObject): ConfigVariable[] {
  return Object.entries(schema.shape as z.ZodRawShape).map(([name, field]) => {
    const info = unwrapField(field);
    const derived = info.meta.derivedDefault;
    const variable: ConfigVariable = {
      name,
      required: !info.optional && !info.hasDefault && !derived,
      secret: isSecretField(name, field),
    };
    if (derived) variable.default = derived.shown;
    else if (info.hasDefault && !variable.secret) variable.default = showDefault(info.defaultValue);
    if (info.meta.format) variable.format = info.meta.format;
    if (info.description) variable.description = info.description;
    return variable;
  });
}

function showDefault(value: unknown): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}
