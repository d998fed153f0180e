import type { OutgoingRecord } from '@overfly/kafka';
import type {
  CorrelatorInputPosition,
  CorrelatorStateChunk,
  CorrelatorStateRecord,
} from '@overfly/schemas';
import type { EngineSnapshot } from '../engine/engine.js';
import { CorrelatorError } from '../errors.js';

/** A chunk is closed once its items' JSON passes this: far below the broker's 1 MiB a record. */
const CHUNK_BYTES = 256 * 1024;

const LISTS = [
  'channels',
  'legs',
  'flights',
  'airports',
  'manifests',
  'disruptions',
  'pending',
  'passengerDecisions',
] as const;
type ListName = (typeof LISTS)[number];

export const checkpointKey = (group: string) => `${group}/checkpoint`;
export const chunkKey = (group: string, generation: number, index: number) =>
  `${group}/chunk/${generation}/${index}`;

function emptyChunk(index: number): CorrelatorStateChunk {
  return {
    index,
    clock: null,
    channels: [],
    legs: [],
    flights: [],
    airports: [],
    manifests: [],
    disruptions: [],
    pending: [],
    passengerDecisions: [],
  };
}

/**
 * A snapshot as the records of one checkpoint: its chunks (up to CHUNK_BYTES of items
 * each, the clock on chunk 0), then the checkpoint record naming the generation, the
 * number of chunks and the input positions, then tombstones for `obsolete` keys (the
 * previous generation's chunks, strays of an interrupted checkpoint). Written in one send
 * to the changelog's one partition, in this order: a restore sees a checkpoint record only
 * once all of its chunks are there, and the records it replaces go only after it.
 */
export function checkpointRecords(
  group: string,
  generation: number,
  snapshot: EngineSnapshot,
  positions: readonly CorrelatorInputPosition[],
  writtenAt: number,
  obsolete: readonly string[],
): { records: OutgoingRecord<CorrelatorStateRecord>[]; chunkKeys: string[]; bytes: number } {
  const chunks: CorrelatorStateChunk[] = [{ ...emptyChunk(0), clock: snapshot.clock }];
  let size = 0;
  let bytes = 0;
  for (const list of LISTS) {
    for (const item of snapshot[list] as ReadonlyArray<unknown>) {
      const itemBytes = JSON.stringify(item).length;
      if (size > 0 && size + itemBytes > CHUNK_BYTES) {
        chunks.push(emptyChunk(chunks.length));
        size = 0;
      }
      (chunks[chunks.length - 1] as CorrelatorStateChunk)[list as ListName].push(item as never);
      size += itemBytes;
      bytes += itemBytes;
    }
  }
  const chunkKeys = chunks.map((c) => chunkKey(group, generation, c.index));
  const records: OutgoingRecord<CorrelatorStateRecord>[] = chunks.map((chunk, i) => ({
    key: chunkKeys[i] as string,
    value: { generation, checkpoint: null, chunk },
  }));
  records.push({
    key: checkpointKey(group),
    value: {
      generation,
      checkpoint: { chunks: chunks.length, positions: [...positions], writtenAt },
      chunk: null,
    },
  });
  for (const key of obsolete) records.push({ key, value: null });
  return { records, chunkKeys, bytes };
}

export interface RestoredSnapshot {
  generation: number;
  snapshot: EngineSnapshot;
  positions: CorrelatorInputPosition[];
  chunkKeys: string[];
  /** When the checkpoint was written (the writer's clock, epoch ms). */
  writtenAt: number;
}

/**
 * The latest complete snapshot of `group` in the changelog as compaction would leave it
 * (`latest`: each key's last record, null for a tombstone); null when there is none yet.
 * `strays` are the group's chunks of other generations, for the next checkpoint to
 * tombstone. A checkpoint record whose chunks are not all there is STATE_INVALID: the
 * state it speaks for cannot be rebuilt, and guessing would publish wrong disruptions.
 */
export function restoreSnapshot(
  group: string,
  latest: ReadonlyMap<string, CorrelatorStateRecord | null>,
): { restored: RestoredSnapshot | null; strays: string[] } {
  const record = latest.get(checkpointKey(group));
  const checkpoint = record?.checkpoint ?? null;
  const generation = record?.generation ?? null;
  const prefix = `${group}/chunk/`;
  const live = new Set<string>();
  let restored: RestoredSnapshot | null = null;
  if (checkpoint && generation !== null) {
    const snapshot: EngineSnapshot = {
      clock: { lastTick: null, baselineThrough: null },
      channels: [],
      legs: [],
      flights: [],
      airports: [],
      manifests: [],
      disruptions: [],
      pending: [],
      passengerDecisions: [],
    };
    const chunkKeys: string[] = [];
    for (let index = 0; index < checkpoint.chunks; index++) {
      const key = chunkKey(group, generation, index);
      const chunk = latest.get(key)?.chunk;
      if (!chunk)
        throw new CorrelatorError(
          'DISRUPTION_CORRELATOR_STATE_INVALID',
          `snapshot ${generation} of ${group} names ${checkpoint.chunks} chunks, but ${key} is missing`,
        );
      if (index === 0 && chunk.clock) snapshot.clock = chunk.clock;
      for (const list of LISTS) (snapshot[list] as unknown[]).push(...chunk[list]);
      live.add(key);
      chunkKeys.push(key);
    }
    restored = {
      generation,
      snapshot,
      positions: checkpoint.positions,
      chunkKeys,
      writtenAt: checkpoint.writtenAt,
    };
  }
  const strays = [...latest.entries()]
    .filter(([key, value]) => key.startsWith(prefix) && value !== null && !live.has(key))
    .map(([key]) => key)
    .sort();
  return { restored, strays };
}
