import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_DIR, builtInScenarios, loadScenario } from './load.js';

const readme = readFileSync(`${BUILT_IN_DIR}README.md`, 'utf8');
// network-*.json are network scenarios (src/network/compile.test.ts compiles them).
const flightScenarios = builtInScenarios().filter((name) => !name.startsWith('network-'));

describe('the built-in scenarios', () => {
  it('are the six the READMEs describe', () => {
    expect(flightScenarios).toEqual([
      'a319-diversion',
      'a319-holding',
      'a319-north',
      'europe-day',
      'manoeuvres',
      'world-25k',
    ]);
  });

  it.each(flightScenarios)(
    '%s compiles, is named after its file and is listed in data/scenarios/README.md',
    (name) => {
      const scenario = loadScenario(name);
      expect(scenario.name).toBe(name);
      expect(readme).toContain(`\`${name}\``);
    },
  );
});
