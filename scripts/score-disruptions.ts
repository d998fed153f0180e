/**
 * `pnpm score:disruptions [--no-delay-codes] [scenario…]`: each network scenario (default:
 * all built-in ones) flown through the track engine, its feeds built as ops-feed publishes
 * them, correlated by the disruption-correlator's engine offline, and scored against its
 * ground truth. The schedules carry the scenario's IATA delay codes (as an airline's own
 * movement messages do); `--no-delay-codes` scores them without, as ops-feed's
 * flight-data API (aviationstack) gives them today.
 */
import { networkScenarios, scoreScenario } from '../tests/support/disruptions/run.js';
import { scoreTable } from '../tests/support/disruptions/table.js';

const args = process.argv.slice(2);
const delayCodes = !args.includes('--no-delay-codes');
const names = args.filter((a) => a !== '--no-delay-codes');
const unknown = names.filter((a) => a.startsWith('-'));
if (unknown.length > 0) {
  console.error(
    `unknown option ${unknown.join(', ')}; usage: pnpm score:disruptions [--no-delay-codes] [scenario…]`,
  );
  process.exit(2);
}
const started = performance.now();
for (const name of names.length > 0 ? names : networkScenarios()) {
  const t0 = performance.now();
  const { score, inputs } = scoreScenario(name, { delayCodes });
  const c = inputs.counts;
  console.log(scoreTable(score));
  console.log(
    `inputs: ${c.events} flight events, ${c.schedules} schedule updates, ${c.weather} weather reports, ${c.manifests} manifests; ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
}
console.log(
  `${delayCodes ? 'with' : 'without'} IATA delay codes; total ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
