import type { PositionUpdate } from '@overfly/schemas';
import { readTrajectory } from '@overfly/trajectories';
import { dataFile } from '../../../../tests/support/data-files.js';

/**
 * A sample of data/ (e.g. 'trajectories/elal747.json.gz') read by @overfly/trajectories, as
 * the services read it: its accepted positions, in time order (stable: equal times keep the
 * file's order), whatever order the file keeps them in.
 */
export async function readSample(path: string): Promise<PositionUpdate[]> {
  const positions: PositionUpdate[] = [];
  for await (const row of readTrajectory(dataFile(path), { maxBackwardsMs: null })) {
    if (row.ok) positions.push(row.position);
  }
  return positions.sort((a, b) => a.positionTime - b.positionTime);
}
