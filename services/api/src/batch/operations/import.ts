import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Queryable } from '@overfly/db';
import {
  openTrajectory,
  positionsInTimeOrder,
  type RowReason,
  TrajectoryError,
} from '@overfly/trajectories';
import { IMPORT_NAME, importContent } from '../imports-store.js';
import { type BatchOperation, ItemError } from '../operation.js';
import {
  type Airspace,
  type CrossingSink,
  computeCrossings,
  publishCrossings,
  shareOf,
} from './airspace.js';

/** Files one job may name (the JSON Schema says the same). */
export const MAX_FILES = 100 as const;
const NAME = new RegExp(IMPORT_NAME);

/** A whole-file problem of packages/trajectories → the item's error category. */
const CATEGORIES: Readonly<Record<string, string>> = {
  TRAJECTORIES_UNKNOWN_FORMAT: 'UNKNOWN_FORMAT',
  TRAJECTORIES_FILE_UNREADABLE: 'UNREADABLE_FILE',
  TRAJECTORIES_FILE_NOT_FOUND: 'UNREADABLE_FILE',
  TRAJECTORIES_FILE_UNPARSEABLE: 'UNPARSEABLE_FILE',
};

/** The file's problem as an item error (its category), anything else as it came. */
export function importErrorOf(error: unknown, path: string, name: string): unknown {
  if (!(error instanceof TrajectoryError)) return error;
  return new ItemError(
    CATEGORIES[error.code] ?? 'UNREADABLE_FILE',
    `${name}: ${error.message.split(path).join(name)}`,
  );
}

const listed = (files: readonly string[] | undefined) => [...new Set(files ?? [])].sort();

/**
 * import: uploaded trajectory files (PUT /v1/batch-imports/{name}; any format
 * packages/trajectories reads, told from the content) → positions in time order → FIR
 * crossings (the fir-analyser's engine and layer, `source` REPLAY) → fir.crossings, which
 * fee-calculator prices as any crossing. One item per file: a recording is read whole, in
 * time order, before its flights are known, and a file is bounded by API_IMPORT_MAX_BYTES.
 * Quality = rows the engine used / rows read; rejected rows are counted by reason. A file
 * that cannot be read fails its item under a category (UNKNOWN_FORMAT, UNREADABLE_FILE,
 * UNPARSEABLE_FILE, NO_POSITIONS, NOT_UPLOADED). Done again, an item sends the same
 * crossingIds again: idempotent downstream.
 */
export function importOperation(deps: {
  airspace: Airspace | null;
  crossings: CrossingSink | null;
  now?: () => number;
}): BatchOperation {
  const now = deps.now ?? Date.now;
  return {
    name: 'import',
    summary:
      'FIR crossings of uploaded trajectory files → fir.crossings (source REPLAY; charges follow)',
    check(f) {
      const files = f.files;
      if (!Array.isArray(files) || files.length === 0 || files.length > MAX_FILES)
        return `filters.files an import names 1 to ${MAX_FILES} uploaded files (PUT /v1/batch-imports/{name})`;
      const bad = files.find((n) => typeof n !== 'string' || !NAME.test(n));
      if (bad !== undefined) return `filters.files ${JSON.stringify(bad)} is not a file name`;
      if (f.operator !== undefined)
        return 'filters.operator an import is not limited to an operator: files hold any flights';
      return null;
    },
    count: async (_db, f) => listed(f.files).length,
    keys: async (_db, f, after, limit) =>
      listed(f.files)
        .filter((n) => after === null || n > after)
        .slice(0, limit),
    async run(db, _f, name) {
      const airspace = deps.airspace;
      if (!airspace) throw new Error('this process does not compute crossings');
      return importFile(db, name, airspace, deps.crossings, now);
    },
  };
}

async function importFile(
  db: Queryable,
  name: string,
  airspace: Airspace,
  sink: CrossingSink | null,
  now: () => number,
) {
  const content = await importContent(db, name);
  if (content === null)
    throw new ItemError('NOT_UPLOADED', `${name}: no uploaded file of that name (deleted?)`);
  // The readers take a path: the bytes go to a private temporary folder for the item.
  const dir = await mkdtemp(join(tmpdir(), 'overfly-import-'));
  const path = join(dir, name);
  try {
    await writeFile(path, content);
    const rejected: Partial<Record<RowReason, number>> = {};
    let invalid = 0;
    const { format, computed } = await (async () => {
      const file = await openTrajectory(path, { maxBackwardsMs: null, source: 'REPLAY' });
      const positions = positionsInTimeOrder([file], (_path, row) => {
        invalid++;
        rejected[row.reason] = (rejected[row.reason] ?? 0) + 1;
      });
      return {
        format: file.format,
        computed: await computeCrossings(positions, airspace, 'REPLAY'),
      };
    })().catch((error: unknown) => {
      throw importErrorOf(error, path, name);
    });
    const read = computed.positions + invalid;
    if (computed.positions === 0)
      throw new ItemError(
        'NO_POSITIONS',
        `${name}: ${read} rows read as ${format}, none with a position to use`,
      );
    await publishCrossings(sink, computed.crossings, now());
    const used = computed.positions - computed.rejected;
    const firs: Record<string, number> = {};
    for (const c of computed.crossings) firs[c.firId] = (firs[c.firId] ?? 0) + 1;
    return {
      output: {
        file: name,
        format,
        bytes: content.length,
        rowsRead: read,
        rowsAccepted: used,
        rejectedRows: rejected,
        rejectedByEngine: computed.rejected,
        flights: new Set(computed.crossings.map((c) => c.flightId)).size,
        crossings: computed.crossings.length,
        firs,
        published: computed.crossings.length,
      },
      quality: shareOf(used, read),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
