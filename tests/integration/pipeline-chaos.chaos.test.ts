// Faults leave no trace (issue 10), the long runs (`pnpm test:chaos`, not CI): the billing
// pipeline (tests/support/pipeline/chaos.ts) with a stage SIGKILLed every few seconds at
// least 20 times over a 90 s replay and consolidation killed six times, then with
// PostgreSQL, the broker and the registry each stopped for 15 s (CHAOS_OUTAGE_SECONDS) in
// the middle of the replay; and scaled out: two instances of each stage sharing the
// partitions, one of each SIGKILLed mid-replay and left down, the survivors taking over.
// CI runs the short SIGKILL run of pipeline-chaos.test.ts.
import { describePipelineChaos } from '../support/pipeline/chaos.js';

describePipelineChaos({
  hours: 19,
  kills: 20,
  untilReplayEnds: true,
  inputSeconds: 90,
  consolidationKills: 6,
  consolidationKillWithinMs: 60,
  outageSeconds: Number(process.env.CHAOS_OUTAGE_SECONDS ?? 15),
  scaleOut: true,
});
