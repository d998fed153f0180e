import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { PositionUpdate } from '@overfly/schemas';
import type { RowAccepted, RowResult } from './types.js';

/** Rows held in memory before a sorted run is spilled to disk (~200 B each). */
const DEFAULT_CHUNK_ROWS = 100_000;

interface Keyed {
  /** Read order: equal times keep the file's order (a stable sort). */
  seq: number;
  row: RowAccepted;
}

const byTime = (a: Keyed, b: Keyed) =>
  a.row.position.positionTime - b.row.position.positionTime || a.seq - b.seq;

/**
 * A file's rows with the accepted ones in time order, whatever order the file keeps them
 * in, in bounded memory: an external merge sort (sorted runs of `chunkRows` spilled to a
 * temporary folder, then merged). Rejected rows come first, in file order, as they are
 * met; a file that fits in one run is sorted in memory and never touches the disk.
 */
export async function* inTimeOrder(
  rows: AsyncIterable<RowResult>,
  options: { chunkRows?: number; tmpDir?: string } = {},
): AsyncGenerator<RowResult> {
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  let chunk: Keyed[] = [];
  const runs: string[] = [];
  let dir: string | undefined;
  let seq = 0;
  try {
    for await (const row of rows) {
      if (!row.ok) {
        yield row;
        continue;
      }
      chunk.push({ seq: seq++, row });
      if (chunk.length >= chunkRows) {
        dir ??= await mkdtemp(join(options.tmpDir ?? tmpdir(), 'overfly-sort-'));
        runs.push(await spill(chunk, join(dir, `run-${runs.length}.jsonl`)));
        chunk = [];
      }
    }
    chunk.sort(byTime);
    if (runs.length === 0) {
      for (const item of chunk) yield item.row;
      return;
    }
    yield* merge([...runs.map(readRun), fromArray(chunk)]);
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

async function spill(chunk: Keyed[], path: string): Promise<string> {
  chunk.sort(byTime);
  const lines = chunk.map(({ seq, row }) => JSON.stringify([seq, row.line, row.position]));
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

async function* readRun(path: string): AsyncGenerator<Keyed> {
  const lines = createInterface({
    input: createReadStream(path),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const text of lines) {
    if (text === '') continue;
    const [seq, line, position] = JSON.parse(text) as [number, number, PositionUpdate];
    yield { seq, row: { ok: true, line, position } };
  }
}

async function* fromArray(items: readonly Keyed[]): AsyncGenerator<Keyed> {
  yield* items;
}

/** k-way merge of sorted runs with a binary heap on (time, read order). */
async function* merge(sources: AsyncGenerator<Keyed>[]): AsyncGenerator<RowAccepted> {
  const heap: Array<{ head: Keyed; source: AsyncGenerator<Keyed> }> = [];
  const less = (i: number, j: number) =>
    byTime((heap[i] as (typeof heap)[0]).head, (heap[j] as (typeof heap)[0]).head) < 0;
  const swap = (i: number, j: number) => {
    [heap[i], heap[j]] = [heap[j] as (typeof heap)[0], heap[i] as (typeof heap)[0]];
  };
  const up = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(i, parent)) return;
      swap(i, parent);
      i = parent;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(l, m)) m = l;
      if (r < heap.length && less(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (const source of sources) {
    const first = await source.next();
    if (!first.done) {
      heap.push({ head: first.value, source });
      up(heap.length - 1);
    }
  }
  while (heap.length > 0) {
    const top = heap[0] as (typeof heap)[0];
    yield top.head.row;
    const next = await top.source.next();
    if (next.done) {
      const last = heap.pop() as (typeof heap)[0];
      if (heap.length > 0) {
        heap[0] = last;
        down(0);
      }
    } else {
      top.head = next.value;
      down(0);
    }
  }
}
