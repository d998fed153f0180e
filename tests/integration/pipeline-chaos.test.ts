// Faults leave no trace (issue 10), CI's share: a short SIGKILL run of the billing pipeline
// (tests/support/pipeline/chaos.ts) on the A319 and 10 h of europe-day — six kills while a
// 20 s replay runs, each stage at least once, consolidation killed part-way twice, the
// analyser and calculator killed after invoicing — must bill exactly what the undisturbed run
// bills. The long run (a kill every few seconds for the whole replay of 19 h of traffic,
// at least 20, and six consolidation kills) and the platform outages under the pipeline are
// in pipeline-chaos.chaos.test.ts (`pnpm test:chaos`).
import { describePipelineChaos } from '../support/pipeline/chaos.js';

describePipelineChaos({
  hours: 10,
  kills: 6,
  untilReplayEnds: false,
  inputSeconds: 20,
  consolidationKills: 2,
  consolidationKillWithinMs: 20,
});
