import type { PositionUpdate } from '@overfly/schemas';
import type { TrajectoryFile } from './read.js';
import { inTimeOrder } from './time-order.js';
import type { RowRejection, RowResult } from './types.js';

/**
 * Every accepted row of the files, all in time order (an external sort in bounded memory):
 * a recording is analysed as it was flown, whatever order it keeps its rows in (traffic's
 * Switzerland sample is stored flight by flight). Rejected rows go to `onInvalid` first.
 * Open the files with `maxBackwardsMs: null`: order is restored here, not checked.
 */
export async function* positionsInTimeOrder(
  files: readonly TrajectoryFile[],
  onInvalid: (path: string, row: RowRejection) => void,
): AsyncGenerator<PositionUpdate> {
  async function* accepted(): AsyncGenerator<RowResult> {
    for (const file of files) {
      for await (const row of file.rows()) {
        if (row.ok) yield row;
        else onInvalid(file.path, row);
      }
    }
  }
  for await (const row of inTimeOrder(accepted())) if (row.ok) yield row.position;
}
