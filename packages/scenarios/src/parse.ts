import type { z } from 'zod';
import { ScenarioError, type ScenarioIssue } from './errors.js';
import { type ScenarioDocument, scenarioSchema } from './schema.js';

/** `['flights', 2, 'origin']` → `flights[2].origin`. */
function fieldPath(path: ReadonlyArray<string | number>): string {
  let text = '';
  for (const part of path) {
    text += typeof part === 'number' ? `[${part}]` : text === '' ? part : `.${part}`;
  }
  return text;
}

function issuesOf(error: z.ZodError): ScenarioIssue[] {
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
    } else {
      issues.push({ path: fieldPath(issue.path), message: issue.message });
    }
  }
  return issues;
}

/**
 * Checks a scenario document's shape (types, ranges, unknown fields) and fills the
 * defaults. Throws SCENARIOS_INVALID with every problem, each naming its field; airports,
 * types and events are checked against the data by compileScenario.
 */
export function parseScenario(json: unknown, origin = 'scenario'): ScenarioDocument {
  const result = scenarioSchema.safeParse(json);
  if (result.success) return result.data;
  throw new ScenarioError('SCENARIOS_INVALID', origin, { issues: issuesOf(result.error) });
}
