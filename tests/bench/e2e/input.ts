/**
 * bench:e2e's input: the Swiss sample the repository ships (data/trajectories/switzerland.json.gz,
 * 1,243 recorded flights, 1 August 2018), `copies` times over (each copy another set of
 * aircraft: high bits of the address flipped), in event-time order, as Overfly JSONL for
 * flight-producer's replay; and a registry CSV giving every one of those aircraft a type.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { PositionUpdate } from '@overfly/schemas';
import { readTrajectory, toJsonlLine } from '@overfly/trajectories';
import { dataFile } from '../../support/data-files.js';

/**
 * The recording has no aircraft types and the bundled registry knows none of its aircraft:
 * without a type a passage is not priced, and no invoice is ever issued. Every aircraft is
 * given this one type (a bench assumption, said in the output), so the priced path runs.
 */
export const ASSUMED_TYPE = 'A320';

export interface BenchInput {
  file: string;
  registry: string;
  positions: number;
  aircraft: number;
  /** Event time of the first and last position (epoch ms). */
  firstAt: number;
  lastAt: number;
  /** The same positions, for the raw baseline (JSON, keyed by icao24). */
  records: PositionUpdate[];
}

export async function buildInput(dir: string, copies: number): Promise<BenchInput> {
  const recorded: PositionUpdate[] = [];
  for await (const row of readTrajectory(dataFile('trajectories/switzerland.json.gz'), {
    maxBackwardsMs: null,
  }))
    if (row.ok) recorded.push(row.position);
  const records: PositionUpdate[] = [];
  for (let k = 0; k < copies; k++)
    for (const p of recorded) {
      const icao24 = ((Number.parseInt(p.icao24, 16) ^ (k << 20)) & 0xffffff)
        .toString(16)
        .padStart(6, '0');
      records.push({ ...p, icao24, receivedAt: 0 });
    }
  records.sort((a, b) => a.positionTime - b.positionTime);

  const file = `${dir}/swiss-x${copies}.jsonl`;
  const out = createWriteStream(file);
  for (const p of records) if (!out.write(toJsonlLine(p))) await once(out, 'drain');
  out.end();
  await once(out, 'finish');

  const aircraft = [...new Set(records.map((p) => p.icao24))].sort();
  const registry = `${dir}/swiss-x${copies}-registry.csv`;
  const csv = createWriteStream(registry);
  csv.write('icao24,type,source\n');
  for (const a of aircraft) csv.write(`${a},${ASSUMED_TYPE},"bench:e2e assumption"\n`);
  csv.end();
  await once(csv, 'finish');

  return {
    file,
    registry,
    positions: records.length,
    aircraft: aircraft.length,
    firstAt: records[0]?.positionTime ?? 0,
    lastAt: records.at(-1)?.positionTime ?? 0,
    records,
  };
}
