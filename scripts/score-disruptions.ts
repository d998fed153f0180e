/**
 * `pnpm score:disruptions [scenario…]`: each network scenario (default: all built-in ones)
 * flown through the track engine, its feeds built as ops-feed publishes them, correlated by
 * the disruption-correlator's engine offline, and scored against its ground truth.
 */
import { networkScenarios, scoreScenario } from '../tests/support/disruptions/run.js';
import { scoreTable } from '../tests/support/disruptions/table.js';

const names = process.argv.slice(2);
const started = performance.now();
for (const name of names.length > 0 ? names : networkScenarios()) {
  const t0 = performance.now();
  const { score, inputs } = scoreScenario(name);
  const c = inputs.counts;
  console.log(scoreTable(score));
  console.log(
    `inputs: ${c.events} flight events, ${c.schedules} schedule updates, ${c.weather} weather reports, ${c.manifests} manifests; ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
}
console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
