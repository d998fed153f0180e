// The chaos tests' traffic: the A319 of 2 January 2018 over France (priced at France's
// published 2018 rate) and a few hundred simulated European flights on 10 January 2018,
// written by the real `pnpm overfly simulate` with the registry rows of their synthetic
// aircraft, so that most passages through France are PRICED and January 2018 invoices
// several operators.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { dataFile } from '../data-files.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

export interface ChaosInputs {
  files: string[];
  registry: string;
  /** Event time the files span, ms (first to last position, the files played one after the other). */
  spanMs: number;
}

/** Simulated flights: europe-day's 300 flights over `duration` from 06:00 UTC on 10 Jan 2018. */
export async function chaosInputs(duration = '19h'): Promise<ChaosInputs> {
  const dir = mkdtempSync(join(tmpdir(), 'overfly-chaos-'));
  const out = join(dir, 'europe-2018-01-10.jsonl');
  const registry = join(dir, 'registry.csv');
  await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/overfly.ts',
      'simulate',
      'europe-day',
      '--start',
      '2018-01-10T06:00:00Z',
      '--duration',
      duration,
      '--out',
      out,
      '--registry-out',
      registry,
    ],
    { cwd: root },
  );
  const a319 = dataFile('trajectories/flight_a319_opensky.csv');
  // The A319 flies about 2 h; the simulation `duration`.
  const hours = Number(/^(\d+)h$/.exec(duration)?.[1] ?? 19);
  return { files: [a319, out], registry, spanMs: (2 + hours) * 3_600_000 };
}
