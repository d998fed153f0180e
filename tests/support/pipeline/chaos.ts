// Faults leave no trace (issue 10): the whole billing pipeline, as four processes, replays the
// A319 and a few hundred simulated flights undisturbed, then again under faults:
// - while fir-analyser, fee-calculator and invoice-writer are SIGKILLed every few seconds
//   (each at least once, then at random; restarted at once, as a supervisor would),
//   consolidation is killed mid-run, and the analyser and calculator are killed again after
//   invoicing so they send what they had not checkpointed a second time;
// - optionally, while PostgreSQL, then the Kafka broker, then the schema registry are stopped.
// What a customer receives — every invoice line and revision, every invoice and credit note —
// must be the same as undisturbed, field by field; no process may end on its own.
// `pipeline-chaos.test.ts` (CI) runs a short SIGKILL run; `pipeline-chaos.chaos.test.ts`
// (`pnpm test:chaos`) the long one and the outages.
import { setTimeout as sleep } from 'node:timers/promises';
import { mulberry32 } from '@overfly/scenarios';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema } from '../../../services/invoice-writer/src/test-support/db.js';
import { testEndpoints } from '../endpoints.js';
import { withAdmin } from '../kafka-admin.js';
import { outage } from '../outage.js';
import { waitFor } from '../wait-for.js';
import { type Documents, difference } from './documents.js';
import { type ChaosInputs, chaosInputs } from './inputs.js';
import {
  consolidation,
  consolidationRuns,
  deadLetters,
  drained,
  interruptedConsolidations,
  invoicesIssued,
  type PipelineRun,
  readDocuments,
  settled,
  startRun,
} from './run.js';
import { KILLABLE } from './supervisor.js';

// Consolidated as the billing office would have on 1 February 2018: January's invoices.
const AS_OF = '2018-02-01T01:00:00Z';

export interface ChaosPlan {
  /** Simulated hours of europe-day after the A319 (chaosInputs). */
  hours: number;
  /** SIGKILLs while the replay runs: exactly this many, or at least (see `untilReplayEnds`). */
  kills: number;
  /** Go on killing until the replay ends, however many kills that makes. */
  untilReplayEnds: boolean;
  /** Wall-clock seconds the paced replay of the faulted runs lasts. */
  inputSeconds: number;
  /** Consolidations killed part-way before the one run to its end. */
  consolidationKills: number;
  /** Each killed within this many ms of its run starting (less traffic, shorter runs). */
  consolidationKillWithinMs: number;
  /** Seconds each of PostgreSQL, the broker and the registry is stopped; none when absent. */
  outageSeconds?: number;
  /** Also run the scale-out test: two instances of each stage, one of each killed mid-run. */
  scaleOut?: boolean;
}

/** Registers the calm run (beforeAll), the SIGKILL test and, if planned, the outage test. */
export function describePipelineChaos(plan: ChaosPlan): void {
  let inputs: ChaosInputs;
  let calm: { documents: Documents; deadLetters: string[] };
  const runs: PipelineRun[] = [];
  const paced = () => String(Math.round(inputs.spanMs / (plan.inputSeconds * 1_000)));

  beforeAll(async () => {
    const t0 = Date.now();
    inputs = await chaosInputs(`${plan.hours}h`);
    const run = await startRun('chaos-calm', {
      replayFiles: inputs.files,
      replaySpeed: 'max',
      aircraftRegistry: inputs.registry,
    });
    runs.push(run);
    await run.pipeline.replayEnded();
    await drained(run, 180_000);
    const done = await consolidation(run, AS_OF).finished();
    expect(done.code, 'the undisturbed consolidation').toBe(0);
    expect(run.pipeline.unexpectedEnds()).toEqual([]);
    await run.pipeline.stop();
    calm = { documents: await readDocuments(run.pool), deadLetters: await deadLetters(run) };
    console.log(
      `[chaos] inputs and the undisturbed run in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
    );
  }, 600_000);

  // A run's processes never outlive its test: the next test may stop the platform under them.
  afterEach(async () => {
    for (const run of runs) await run.pipeline.stop();
  });

  afterAll(async () => {
    for (const run of runs) {
      await run.pipeline.stop();
      await run.pool.end();
      await dropSchema(testEndpoints().databaseUrl, run.schema);
    }
  });

  /** The replay played to its end, every stage drained, then the month consolidated. */
  async function playedOutAndConsolidated(run: PipelineRun) {
    await run.pipeline.replayEnded();
    await drained(run, 300_000);
    const done = consolidation(run, AS_OF);
    expect((await done.finished()).code, done.output()).toBe(0);
  }

  /** Prints what the faulted run did, then: it ended clean and billed what the calm run billed. */
  async function expectSameAsCalm(run: PipelineRun, summary: (d: Documents) => string) {
    const documents = await readDocuments(run.pool);
    console.log(summary(documents));
    expect(run.pipeline.unexpectedEnds(), 'processes that ended on their own').toEqual([]);
    expect(run.pipeline.stackTraces(), 'stack traces in the logs').toEqual([]);
    expect(await deadLetters(run), 'dead letters').toEqual(calm.deadLetters);
    expect(documents.lines, difference(calm.documents.lines, documents.lines)).toEqual(
      calm.documents.lines,
    );
    expect(documents.invoices, difference(calm.documents.invoices, documents.invoices)).toEqual(
      calm.documents.invoices,
    );
  }

  describe('the billing pipeline under SIGKILL', () => {
    it(`gives the same invoice lines, invoices and credit notes as an undisturbed run after ${plan.kills}${plan.untilReplayEnds ? '+' : ''} kills (each stage at least once), ${plan.consolidationKills} kills during consolidation and redelivery after invoicing`, {
      timeout: 900_000,
    }, async () => {
      expect(calm.documents.invoices.length, 'January 2018 invoices').toBeGreaterThan(3);
      expect(calm.documents.liveLines).toBeGreaterThan(300);

      const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
      const { next } = mulberry32(seed);
      console.log(`chaos seed ${seed} (CHAOS_SEED=${seed} repeats this kill sequence)`);
      const run = await startRun('chaos-killed', {
        replayFiles: inputs.files,
        replaySpeed: paced(),
        aircraftRegistry: inputs.registry,
        // A long checkpoint interval: a killed stage goes back further and sends more again.
        env: {
          'fir-analyser': { CHECKPOINT_INTERVAL: '30s' },
          'fee-calculator': { CHECKPOINT_INTERVAL: '30s' },
        },
      });
      runs.push(run);
      const began = Date.now();
      const phase = (what: string) =>
        console.log(`[chaos] ${what} after ${((Date.now() - began) / 1000).toFixed(0)} s`);

      // 1. While the replay runs: a stage killed every 1.5–4 s, at least `kills` times; the
      //    first kills take each stage once in a seeded order, the rest at random. Then the
      //    replay, if it still runs, goes to its end undisturbed.
      let replayOver = false;
      void run.pipeline.replayEnded().then(() => {
        replayOver = true;
      });
      const firstRound = [...KILLABLE].sort(() => next() - 0.5);
      const kills: string[] = [];
      while (kills.length < plan.kills || (plan.untilReplayEnds && !replayOver)) {
        await sleep(1_500 + next() * 2_500);
        const victim =
          firstRound[kills.length] ??
          KILLABLE[Math.floor(next() * KILLABLE.length)] ??
          'fir-analyser';
        await run.pipeline.kill(victim);
        kills.push(victim);
      }
      expect(new Set(kills).size, 'stages killed during the replay').toBe(KILLABLE.length);
      phase(`${kills.length} kills`);
      await settled(run, 15_000, 300_000);
      phase('settled');

      // 2. Consolidation killed part-way (within consolidationKillWithinMs of its run
      //    starting: it takes a few hundred), with the writer killed beside it every second
      //    time, then run to the end.
      const issuedAtKill: number[] = [];
      for (let attempt = 0; attempt < plan.consolidationKills; attempt++) {
        const before = await consolidationRuns(run.pool);
        const consolidating = consolidation(run, AS_OF);
        await waitFor(async () => (await consolidationRuns(run.pool)) > before, {
          timeoutMs: 60_000,
          intervalMs: 10,
          message: 'the consolidation run to start',
        });
        await sleep(next() * plan.consolidationKillWithinMs);
        consolidating.child.kill('SIGKILL');
        if (attempt % 2 === 1) await run.pipeline.kill('invoice-writer');
        await consolidating.finished();
        issuedAtKill.push(await invoicesIssued(run.pool));
      }
      const last = consolidation(run, AS_OF);
      expect((await last.finished()).code, last.output()).toBe(0);
      const interrupted = await interruptedConsolidations(run.pool);
      expect(interrupted, 'consolidations killed before their end').toBeGreaterThan(0);
      phase('consolidated');

      // 3. After invoicing: the analyser and the calculator killed before their 30 s
      //    checkpoint, so each sends again what it had not checkpointed.
      for (const victim of ['fir-analyser', 'fee-calculator', 'fir-analyser'] as const) {
        await run.pipeline.kill(victim);
        kills.push(victim);
        await sleep(3_000);
      }
      await drained(run, 300_000);
      phase('drained after the last kills');

      await expectSameAsCalm(
        run,
        (d) =>
          `seed ${seed}: ${kills.length} kills (${KILLABLE.map((k) => `${k} ${kills.filter((v) => v === k).length}`).join(', ')}), ${interrupted} consolidations killed before their end (invoices issued at each kill: ${issuedAtKill.join(', ')}); ${d.liveLines} live lines, ${d.invoices.length} documents, ${d.creditNotes} credit notes in both runs`,
      );
    });
  });

  if (plan.scaleOut)
    describe('the billing pipeline scaled out', () => {
      it('shares the partitions between two instances of each stage; with one of each SIGKILLed mid-run, the survivors take over and bill what one instance bills', {
        timeout: 900_000,
      }, async () => {
        const run = await startRun('scale-out', {
          replayFiles: inputs.files,
          replaySpeed: paced(),
          aircraftRegistry: inputs.registry,
          instances: { 'fir-analyser': 2, 'fee-calculator': 2, 'invoice-writer': 2 },
        });
        runs.push(run);
        const began = Date.now();
        const inputOf = {
          'fir-analyser': 'flights.updates',
          'fee-calculator': 'fir.crossings',
          'invoice-writer': 'charges.calculated',
        } as const;
        const held = async (stage: (typeof KILLABLE)[number]) =>
          (await withAdmin((admin) => admin.groupMembers(`${run.prefix}${stage}`))).map(
            (m) => m.partitions.get(`${run.prefix}${inputOf[stage]}`) ?? [],
          );
        const partitionsOf = async (stage: (typeof KILLABLE)[number]) =>
          (await withAdmin((admin) => admin.topicOffsets(`${run.prefix}${inputOf[stage]}`))).length;
        // Both instances of every stage hold part of its input, and no partition twice.
        for (const stage of KILLABLE)
          await waitFor(
            async () => {
              const parts = await held(stage);
              return (
                parts.length === 2 &&
                parts.every((p) => p.length > 0) &&
                new Set(parts.flat()).size === (await partitionsOf(stage))
              );
            },
            { timeoutMs: 120_000, intervalMs: 250, message: `two ${stage} instances sharing` },
          );
        const shared = await Promise.all(
          KILLABLE.map(async (s) => `${s} ${JSON.stringify(await held(s))}`),
        );
        // Mid-run: one instance of each stage SIGKILLed and left down.
        await sleep(Math.max(0, began + plan.inputSeconds * 400 - Date.now()));
        const replayRunning = await Promise.race([
          run.pipeline.replayEnded().then(() => false),
          sleep(0).then(() => true),
        ]);
        expect(replayRunning, 'the replay still runs when the instances are killed').toBe(true);
        for (const stage of KILLABLE)
          await run.pipeline.kill(stage, { instance: 1, restart: false });
        const killedAt = Date.now();
        for (const stage of KILLABLE)
          await waitFor(
            async () => {
              const parts = await held(stage);
              return parts.length === 1 && parts[0]?.length === (await partitionsOf(stage));
            },
            {
              timeoutMs: 120_000,
              intervalMs: 250,
              message: `the surviving ${stage} to hold every partition of its input`,
            },
          );
        const takeover = ((Date.now() - killedAt) / 1000).toFixed(1);
        await playedOutAndConsolidated(run);
        await expectSameAsCalm(
          run,
          (d) =>
            `scale-out: shared ${shared.join('; ')}; one of each killed, survivors held everything ${takeover} s later; ${d.liveLines} live lines, ${d.invoices.length} documents`,
        );
      });
    });

  const { outageSeconds } = plan;
  if (outageSeconds === undefined) return;
  describe('the billing pipeline through outages', () => {
    it(`gives the same documents when PostgreSQL, the broker and the registry each stop for ${outageSeconds} s mid-run, and no process ends`, {
      timeout: 900_000,
    }, async () => {
      const run = await startRun('outages', {
        replayFiles: inputs.files,
        replaySpeed: paced(),
        aircraftRegistry: inputs.registry,
      });
      runs.push(run);
      const times: string[] = [];
      for (const component of ['postgres', 'kafka', 'registry'] as const) {
        await sleep(10_000);
        const t = await outage(component, outageSeconds * 1_000);
        times.push(`${component} down ${((t.restartedAt - t.stoppedAt) / 1000).toFixed(1)} s`);
      }
      await playedOutAndConsolidated(run);

      await expectSameAsCalm(
        run,
        (d) =>
          `outages: ${times.join(', ')}; ${d.liveLines} live lines, ${d.invoices.length} documents`,
      );
    });
  });
}
