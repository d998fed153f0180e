/**
 * The replay input of the demo: the recordings bundled in data/trajectories/, re-timed so
 * they start now and fly together, written as one Overfly JSONL file for flight-producer.
 *
 * Why re-time: the demo's topics are the shared, unprefixed ones, and fir-analyser keeps
 * per-aircraft state across runs (fir-analyser.state). Replaying the same 2017/2019 times
 * again would be rejected as LATE for every aircraft still tracked from the previous run,
 * and the second `npm run demo` would print nothing. Each run therefore starts after
 * everything an earlier run can have played (.overfly/demo/clock.json).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
// Relative import: the root package does not list @overfly/trajectories as a dependency.
import { parseDuration } from '@overfly/config';
import { openTrajectory, toJsonlLine } from '@overfly/trajectories';

/** MIT samples from xoolive/traffic (data/trajectories/NOTICE.md). */
export const BUNDLED_SAMPLES = [
  { file: 'dreamliner_airfrance.json.gz', what: 'AFR787V B787-9 + TBM chase plane over France' },
  { file: 'elal747.json.gz', what: 'ELY1747 B747-400 Rome LIRF → Tel Aviv LLBG' },
  {
    file: 'noisy_spoofing.json.gz',
    what: 'THY9BP B738 Istanbul → Oslo, with GPS-spoofed positions',
  },
] as const;

export interface PreparedReplay {
  file: string;
  positions: number;
  /** Rows the readers refused (e.g. null positions); they are left out of the file. */
  skipped: number;
  /** Event time of the first position (epoch ms). */
  startsAt: number;
  /** Event-time length of one pass (the longest recording). */
  spanMs: number;
}

interface Clock {
  /** No run may start before this: earlier runs can have played up to here. */
  notBefore: number;
}

async function readClock(path: string): Promise<number> {
  try {
    const clock = JSON.parse(await readFile(path, 'utf8')) as Partial<Clock>;
    return typeof clock.notBefore === 'number' ? clock.notBefore : 0;
  } catch {
    return 0;
  }
}

/**
 * Records how far this run's event time can have got, so the next run starts after it.
 * Gaps longer than REPLAY_MAX_GAP are waited shorter than they last, hence the margin.
 * `ceiling`: no event time can be later than this (clockCeiling), whatever the pace says.
 */
export async function writeClock(
  path: string,
  startsAt: number,
  elapsedMs: number,
  speed: number,
  ceiling: number = Number.POSITIVE_INFINITY,
) {
  const reached = Math.min(startsAt + elapsedMs * speed * 1.5, ceiling);
  const notBefore = reached + CLOCK_MARGIN_MS;
  const previous = await readClock(path);
  const clock: Clock = { notBefore: Math.max(previous, Math.round(notBefore)) };
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(clock)}\n`);
}

const CLOCK_MARGIN_MS = 30 * 60_000;
const DEFAULT_MAX_LEAD_MS = 12 * 3_600_000;

/**
 * The latest event time a run can have played by now: flight-producer holds the replay at
 * most REPLAY_MAX_LEAD (default 12 h, `off`: no limit) ahead of the wall clock, and the
 * network's day ends at `dayEnd`. Without it the clock would move on at the replay's pace
 * for as long as the demo runs, and the next run would start days ahead.
 */
export function clockCeiling(env: NodeJS.ProcessEnv, dayEnd = 0, now = Date.now()): number {
  const raw = env.REPLAY_MAX_LEAD?.trim();
  if (raw === 'off') return Number.POSITIVE_INFINITY;
  const lead = raw ? (parseDuration(raw) ?? DEFAULT_MAX_LEAD_MS) : DEFAULT_MAX_LEAD_MS;
  return Math.max(now + lead, dayEnd);
}

/**
 * This run's start on the data clock: now, or after everything an earlier run played on
 * the same topics. Claimed at once, so a run killed before it writes its clock still moves
 * it on. Whole seconds: the printed times then match the files' own second boundaries.
 */
export async function claimRunStart(clockPath: string): Promise<number> {
  const startsAt = Math.ceil(Math.max(Date.now(), await readClock(clockPath)) / 1_000) * 1_000;
  await writeClock(clockPath, startsAt, 0, 0);
  return startsAt;
}

/** Writes `<stateDir>/replay/bundled.jsonl`: every sample starting at the same (new) instant. */
export async function prepareReplay(
  dataDir: string,
  stateDir: string,
  clockPath: string = clockFile(stateDir),
): Promise<PreparedReplay> {
  const startsAt = await claimRunStart(clockPath);
  const lines: Array<{ t: number; line: string }> = [];
  let skipped = 0;
  let spanMs = 0;
  for (const sample of BUNDLED_SAMPLES) {
    const trajectory = await openTrajectory(join(dataDir, sample.file));
    let shift: number | null = null;
    for await (const row of trajectory.rows()) {
      if (!row.ok) {
        skipped++;
        continue;
      }
      const update = row.position;
      shift ??= startsAt - update.positionTime;
      update.positionTime += shift;
      update.lastContact += shift;
      update.receivedAt = startsAt;
      lines.push({ t: update.positionTime, line: toJsonlLine(update) });
      spanMs = Math.max(spanMs, update.positionTime - startsAt);
    }
  }
  // Stable sort by time: the three flights interleave as if they flew at once.
  lines.sort((a, b) => a.t - b.t);
  const file = join(stateDir, 'replay', 'bundled.jsonl');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, lines.map((l) => l.line).join(''));
  return { file, positions: lines.length, skipped, startsAt, spanMs };
}

/**
 * The clock of the topics played on: `clock.json` for the shared, unprefixed ones, one file
 * per TOPIC_PREFIX otherwise. Fresh topics (a test's prefix) hold nothing an earlier run
 * played, so their run starts now, not after every other prefix's runs.
 */
export const clockFile = (stateDir: string, topicPrefix = '') =>
  join(
    stateDir,
    topicPrefix.trim() === ''
      ? 'clock.json'
      : `clock.${topicPrefix
          .trim()
          .replace(/[^A-Za-z0-9._-]/g, '_')
          .replace(/\.+$/, '')}.json`,
  );
