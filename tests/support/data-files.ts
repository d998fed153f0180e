import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The one way tests, benchmarks and the data scripts find a file of the repository's data/
 * folder, e.g. `dataFile('trajectories/savan.json.gz')`. Everything they read is in the
 * repository (data/README.md lists it, each folder's NOTICE.md says where it comes from), so
 * a fresh clone runs them with nothing beside it. Package tests import this file too, as
 * they already import tests/support for Kafka: one resolver instead of a relative URL per
 * package keeps the files' location in one place.
 */
/** Ends in a separator, so a prefix test tells files inside it from a sibling like data2/. */
const DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));

/** Absolute path of `relative` (a path under data/); throws if there is no such file. */
export function dataFile(relative: string): string {
  const path = resolve(DATA_DIR, relative);
  // A typo or a file left out of the repository should say so, not fail later as ENOENT.
  if (!path.startsWith(DATA_DIR) || !existsSync(path)) {
    throw new Error(`dataFile: no file data/${relative} in the repository`);
  }
  return path;
}
