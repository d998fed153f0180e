// One network scenario scored end to end, offline: its inputs built, correlated, scored.
import { builtInNetworkScenarios } from '@overfly/scenarios';
import { correlate, type FoundDisruption } from './correlate.js';
import { type InputOptions, type ScenarioInputs, scenarioInputs } from './inputs.js';
import { type ScenarioScore, score } from './score.js';

export interface ScoredScenario {
  inputs: ScenarioInputs;
  found: FoundDisruption[];
  score: ScenarioScore;
}

export function scoreScenario(name: string, options: InputOptions = {}): ScoredScenario {
  const inputs = scenarioInputs(name, undefined, options);
  const found = correlate(inputs.records);
  return { inputs, found, score: score(name, inputs.day.groundTruth, found) };
}

/** The built-in network scenarios, by name. */
export function networkScenarios(): string[] {
  return builtInNetworkScenarios();
}
