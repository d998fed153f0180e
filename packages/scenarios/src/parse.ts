import { issuesOf } from './document-fields.js';
import { ScenarioError } from './errors.js';
import { type ScenarioDocument, scenarioSchema } from './schema.js';

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
