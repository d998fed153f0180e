// The disruption chain end to end on the real Kafka and registry: network-chaos flown by
// flight-producer (simulate), its positions turned into flight.events by fir-analyser,
// schedules, weather and manifests of the same day served by ops-feed's mock, and the
// disruption-correlator over the four, each a child process; the correlator SIGKILLed
// once halfway through the day. What it published is scored against the scenario's ground
// truth, beside the offline score of the same scenario (tests/support/disruptions).
import { writeFileSync } from 'node:fs';
import { compileNetworkScenario } from '@overfly/scenarios';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DisruptionOutput } from '../../services/disruption-correlator/src/engine/finding.js';
import { DisruptionFold, publications } from '../support/disruptions/correlate.js';
import type { InputRecord } from '../support/disruptions/inputs.js';
import { type PipelineRun, runPipeline } from '../support/disruptions/pipeline.js';
import { scoreScenario } from '../support/disruptions/run.js';
import { type ScenarioScore, score } from '../support/disruptions/score.js';
import { scoreTable } from '../support/disruptions/table.js';
import { isolatedRuntime } from '../support/kafka-runtime.js';

const SCENARIO = 'network-chaos';
/** The offline scorer's day (tests/support/disruptions/inputs.ts), so the two compare. */
const START = Date.parse('2024-09-17T06:00:00Z');
/**
 * 300×: the 8-hour day in 96 s, the test in about two and a half minutes. The weather
 * channels' 30-minute gaps between METARs are then 6 s of wall time, under the correlator's
 * 10 s idle timeout; much faster and a quiet weather partition would stop holding the
 * watermark between two reports, which no live feed does.
 */
const SPEED = Number(process.env.DISRUPTION_E2E_SPEED ?? 300);

/** Per pattern: the least share of its findings that are true (see the README's note). */
const PRECISION_FLOORS: Record<string, number> = {
  DELAY: 0.95,
  CANCELLATION: 0.8,
  WEATHER_IMPACT: 1,
  HOLDING: 1,
  RETURN_TO_ORIGIN: 1,
  DIVERSION: 0.5,
};

let run: PipelineRun;
let e2e: ScenarioScore;

beforeAll(async () => {
  const { runtime, prefix } = await isolatedRuntime('disruption-e2e');
  const day = compileNetworkScenario(SCENARIO, { start: START });
  run = await runPipeline({
    runtime,
    prefix,
    scenario: SCENARIO,
    speed: SPEED,
    start: START,
    durationMs: day.end - day.start,
    killAt: 0.5,
    log: (line) => console.log(line),
  });
  // DISRUPTION_E2E_DUMP=file.json keeps what was read and published, to study a gap.
  const dump = process.env.DISRUPTION_E2E_DUMP;
  if (dump) writeFileSync(dump, JSON.stringify({ inputs: run.inputs, published: run.published }));
  const fold = new DisruptionFold();
  for (const p of run.published) fold.add(p);
  const lastEvaluation = Math.max(...run.published.map((p) => p.windowEnd));
  e2e = score(`${SCENARIO} end to end`, day.groundTruth, fold.result(lastEvaluation));
  const count = (topic: string) => run.inputs.filter((r) => r.topic === topic).length;
  console.log(scoreTable(e2e));
  console.log(
    `inputs read: ${count('flight.events')} flight events, ${count('flight.schedules')} schedule updates, ${count('external.weather')} weather reports, ${count('passenger.manifests')} manifests; ${run.published.length} disruption records, ${run.byEventId.size} distinct; late inputs ${JSON.stringify(Object.fromEntries(run.lateInputs))}, refused ${run.refusedInputs}; ${(run.wallMs / 1000).toFixed(1)} s from the feeds' start to the last publication`,
  );
  console.log(scoreTable(scoreScenario(SCENARIO).score).replace(SCENARIO, `${SCENARIO} offline`));
}, 420_000);

describe(`${SCENARIO} end to end: flight-producer, fir-analyser, ops-feed, disruption-correlator`, () => {
  it('finds every major disruption the scenario declares', () => {
    for (const row of e2e.patterns)
      if (row.truthMajor > 0) expect(row.missed, `${row.pattern} missed`).toEqual([]);
  });

  it('keeps each pattern’s precision at its floor', () => {
    for (const row of e2e.patterns) {
      const floor = PRECISION_FLOORS[row.pattern];
      if (floor === undefined || row.precision === null) continue;
      expect(row.precision, `${row.pattern} precision`).toBeGreaterThanOrEqual(floor);
    }
  });

  it('finds the holding and the diversion from fir-analyser’s flight events alone', () => {
    const holding = run.published.find((p) => p.type === 'HOLDING' && p.positions.length > 0);
    expect(holding?.correlatedEventIds.some((id) => id.includes('-HOLDING-'))).toBe(true);
    // The feed says DIVERTED too: without it (status and diversion airport masked), the
    // same flight events still show the landing at the alternate.
    const masked: InputRecord[] = run.inputs.map((r) =>
      r.topic === 'flight.schedules' && r.value.status === 'DIVERTED'
        ? {
            topic: r.topic,
            value: { ...r.value, status: 'AIRBORNE', diversionAirport: null },
          }
        : r,
    );
    const fromTracks = publications(masked).published.filter((p) => p.type === 'DIVERSION');
    const diverted = fromTracks.find((p) => p.summary.includes('diverted to EDDS'));
    expect(diverted?.summary, fromTracks.map((p) => p.summary).join('; ')).toMatch(/\(track\)$/);
    expect(diverted?.positions.length).toBeGreaterThan(0);
  });

  it('publishes, SIGKILLed once, the disruptions the engine alone finds over the same inputs', () => {
    expect(run.kills).toBe(1);
    // Nothing sent again after the kill says anything else than the first time.
    expect(run.conflicts).toEqual([]);
    // The engine alone reads the inputs in event time. The service reads them as they
    // came: ops-feed fetches a leg's passenger list once the leg is in its departures
    // (three hours ahead), and the list carries the DCS's generation time, hours older, so
    // most lists arrive behind the watermark and are folded (README, "Late inputs"):
    // passenger counts and evidence come some revisions later than the engine alone has
    // them, and a count that changes makes an UPDATED of its own. Every other input is on
    // time, and each disruption's final word (but the window of its last revision) is the
    // same, the SIGKILL notwithstanding.
    const late = [...run.lateInputs].filter(([k, v]) => k.startsWith('topic=') && v > 0);
    expect(late.map(([k]) => k)).toEqual(late.length === 0 ? [] : ['topic=passenger.manifests']);
    const finalWord = (ps: readonly DisruptionOutput[]) => {
      const last = new Map<string, string>();
      for (const p of ps)
        last.set(
          p.disruptionId,
          JSON.stringify([
            p.type,
            p.lifecycle,
            p.severity,
            p.airportIcao,
            p.operatorIcao,
            p.rootCauseScheduleId,
            p.weatherObservationId,
            p.affectedFlights.map((f) => [
              f.scheduleId,
              f.cancelled,
              f.expectedArrivalDelayMinutes,
            ]),
          ]),
        );
      return Object.fromEntries([...last].sort(([a], [b]) => a.localeCompare(b)));
    };
    expect(finalWord(run.published)).toEqual(finalWord(publications(run.inputs).published));
  });
});
