import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { KafkaRuntime } from '@overfly/kafka';
import type { AircraftState, PositionUpdate } from '@overfly/schemas';
import { beforeAll, describe, expect, it } from 'vitest';
import { dataFile } from '../../../tests/support/data-files.js';
import { isolatedRuntime, withAdmin } from '../../../tests/support/kafka-runtime.js';
import { waitFor } from '../../../tests/support/wait-for.js';
import { runReplay } from './replay/run-replay.js';
import { kafkaSink } from './replay/sink.js';
import {
  baseOptions,
  jsonlLine,
  tempFile,
  twoAircraftJsonl,
} from './replay/test-support/memory-sink.js';

const cli = fileURLToPath(new URL('./cli/replay.ts', import.meta.url));

/** Records in a topic; retried because a just-created topic's leader may not be known yet. */
function recordsIn(topic: string): Promise<number> {
  return waitFor(
    async () => {
      const n = await countRecords(topic);
      return { n };
    },
    { timeoutMs: 30_000, message: `offsets of ${topic}` },
  ).then(({ n }) => n);
}

async function countRecords(topic: string): Promise<number> {
  const offsets = await withAdmin((admin) => admin.topicOffsets(topic));
  return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
}

/** Reads a topic of the isolated prefix from the start until `count` records arrived. */
async function readTopic<T extends 'flights.updates' | 'flights.state'>(
  runtime: KafkaRuntime,
  prefix: string,
  topic: T,
  count: number,
) {
  const seen: Array<{
    key: string | null;
    value: (T extends 'flights.updates' ? PositionUpdate : AircraftState) | null;
  }> = [];
  const loop = await runtime.consume({
    groupId: `${prefix}reader-${topic}-${Math.random()}`,
    topics: [topic],
    fromBeginning: true,
    handle: async (message) => {
      seen.push({ key: message.key, value: message.value as never });
    },
  });
  try {
    await waitFor(() => seen.length >= count, {
      timeoutMs: 60_000,
      message: `${count} records on ${topic}`,
    });
  } finally {
    await loop.stop();
  }
  return seen;
}

function latestByKey<V>(records: ReadonlyArray<{ key: string | null; value: V | null }>) {
  const latest = new Map<string | null, V | null>();
  for (const record of records) latest.set(record.key, record.value);
  return latest;
}

describe('replaying elal747 at max speed through Kafka (the one-shot CLI)', () => {
  let ctx: Awaited<ReturnType<typeof isolatedRuntime>>;
  let stdout = '';

  beforeAll(async () => {
    ctx = await isolatedRuntime('replay-elal');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        cli,
        dataFile('trajectories/elal747.json.gz'),
        '--speed',
        'max',
        '--topic-prefix',
        ctx.prefix,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const [code] = await once(child, 'exit');
    expect(code, stderr).toBe(0);
  });

  it('prints its counts and exits 0', () => {
    expect(JSON.parse(stdout)).toMatchObject({ rowsRead: 2_110, published: 2_110, invalid: 0 });
  });

  it('publishes exactly 2,110 flights.updates records with SI values', async () => {
    const records = await readTopic(ctx.runtime, ctx.prefix, 'flights.updates', 2_110);
    expect(await recordsIn(`${ctx.prefix}flights.updates`)).toBe(2_110);
    expect(records.every((r) => r.key === '738043' && r.value?.source === 'REPLAY')).toBe(true);
    // Row 1,000: 14,725 ft, 429 kt, -2,880 ft/min.
    const row = records.map((r) => r.value).find((v) => v?.positionTime === 1_572_783_280_000);
    expect(row).toMatchObject({
      latitude: 33.9469145,
      longitude: 29.511996,
      trackDeg: 117,
      squawk: '1203',
    });
    expect(row?.baroAltitudeM).toBeCloseTo(4_488.18, 6);
    expect(row?.velocityMs).toBeCloseTo(220.696_666_7, 6);
    expect(row?.verticalRateMs).toBeCloseTo(-14.6304, 6);
  });

  it('leaves the latest position of the aircraft on flights.state', async () => {
    const total = await recordsIn(`${ctx.prefix}flights.state`);
    const latest = latestByKey(await readTopic(ctx.runtime, ctx.prefix, 'flights.state', total));
    expect([...latest.keys()]).toEqual(['738043']);
    expect(latest.get('738043')).toMatchObject({
      positionTime: 1_572_794_380_000,
      firstSeen: 1_572_773_290_000,
      lastSeen: 1_572_794_380_000,
    });
  });
});

describe('replaying a file with corrupted lines', () => {
  let ctx: Awaited<ReturnType<typeof isolatedRuntime>>;
  const path = tempFile(
    'corrupted.jsonl',
    [
      jsonlLine('4b1805', 1_700_000_000_000),
      '{"v":1,"icao24":"4b1805", oops\n',
      jsonlLine('4b1805', 1_700_000_010_000),
      jsonlLine('4b1805', 1_700_000_020_000, 95),
      jsonlLine('4b1805', 1_700_000_030_000),
      jsonlLine('xyz', 1_700_000_040_000),
      jsonlLine('4b1805', 1_700_000_050_000),
    ].join(''),
  );

  beforeAll(async () => {
    ctx = await isolatedRuntime('replay-bad');
  });

  it('dead-letters the 3 bad lines with line number and reason, and publishes the rest', async () => {
    const stats = await runReplay(
      { ...baseOptions, files: [path] },
      { sink: kafkaSink(ctx.runtime) },
    );
    expect(stats).toMatchObject({ rowsRead: 7, published: 4, invalid: 3 });
    expect(await recordsIn(`${ctx.prefix}flights.updates`)).toBe(4);

    const { letters } = await ctx.runtime.readDeadLetters({ sourceTopic: `file:${path}` });
    expect(
      letters
        .map(({ letter }) => [letter.sourceOffset, letter.errorCode, letter.sourcePartition])
        .sort(),
    ).toEqual([
      ['2', 'UNPARSEABLE', 0],
      ['4', 'POSITION_OUT_OF_RANGE', 0],
      ['6', 'BAD_ICAO24', 0],
    ]);
    const line2 = letters.find(({ letter }) => letter.sourceOffset === '2')?.letter;
    expect(line2?.originalValue?.toString('utf8')).toBe('{"v":1,"icao24":"4b1805", oops');
    expect(line2).toMatchObject({ service: 'test-replay-bad', retriable: false, attempts: 1 });
  });
});

describe('flights.state after a replay', () => {
  let ctx: Awaited<ReturnType<typeof isolatedRuntime>>;

  beforeAll(async () => {
    ctx = await isolatedRuntime('replay-state');
  });

  it('holds the latest state per aircraft, and a tombstone for one idle past STATE_TOMBSTONE_AFTER', async () => {
    const t0 = 1_700_000_000_000;
    const path = tempFile('two.jsonl', twoAircraftJsonl(t0));
    const stats = await runReplay(
      { ...baseOptions, batchSize: 50, tombstoneAfterMs: 300_000, files: [path] },
      { sink: kafkaSink(ctx.runtime) },
    );
    expect(stats.tombstones).toBe(1);
    const total = await recordsIn(`${ctx.prefix}flights.state`);
    const records = await readTopic(ctx.runtime, ctx.prefix, 'flights.state', total);
    const latest = latestByKey(records);
    expect(latest.get('aaaaaa')).toBeNull();
    expect(latest.get('bbbbbb')).toMatchObject({ positionTime: t0 + 600_000, firstSeen: t0 });
    expect(latest.size).toBe(2);
  });
});
