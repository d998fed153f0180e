/**
 * What the two scenario documents (schema.ts for flights, network/document.ts for networks)
 * share: durations in @overfly/config's grammar, and zod's problems reported with their field.
 */
import { parseDuration } from '@overfly/config';
import { z } from 'zod';
import type { ScenarioIssue } from './errors.js';

/** A duration string ("90s", "45m", "1h30m") → milliseconds; `what` names it in the error. */
export const duration = (what: string) =>
  z
    .string({ invalid_type_error: `expected ${what} as a string like "90s", "45m" or "1h30m"` })
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === null) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `expected ${what} like "90s", "45m" or "1h30m", got ${JSON.stringify(text)}`,
        });
        return z.NEVER;
      }
      return ms;
    });

/** `['flights', 2, 'origin']` → `flights[2].origin`. */
function fieldPath(path: ReadonlyArray<string | number>): string {
  let text = '';
  for (const part of path) {
    text += typeof part === 'number' ? `[${part}]` : text === '' ? part : `.${part}`;
  }
  return text;
}

/** zod's issues as the scenario errors report them: each with its field, unknown fields named. */
export function issuesOf(error: z.ZodError): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({ path: fieldPath([...issue.path, key]), message: 'unknown field' });
      }
    } else if (issue.code === 'invalid_union_discriminator') {
      issues.push({
        path: fieldPath(issue.path),
        message: `expected one of ${issue.options.map((o) => JSON.stringify(o)).join(', ')}`,
      });
    } else if (issue.code === 'invalid_type' && issue.received === 'undefined') {
      issues.push({ path: fieldPath(issue.path), message: `required (${issue.expected})` });
    } else if (issue.code === 'invalid_union') {
      // A leg is a flight number or a selector object: report the branch of its own type.
      const branch = issue.unionErrors.find((e) =>
        e.issues.every((i) => i.code !== 'invalid_type' || i.path.length > issue.path.length),
      );
      issues.push(
        ...(branch ? issuesOf(branch) : [{ path: fieldPath(issue.path), message: issue.message }]),
      );
    } else {
      issues.push({ path: fieldPath(issue.path), message: issue.message });
    }
  }
  return issues;
}
