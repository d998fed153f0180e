/**
 * pnpm bench:web — the globe in a real browser (Debian's chromium, WebGL on SwiftShader:
 * no GPU here), served by the api process on the real Kafka, registry and PostgreSQL:
 *  - BENCH_AIRCRAFT (default 25,000) aircraft published to `<prefix>flights.state`, reaching
 *    the page through the api's live stream (a snapshot on load);
 *  - then deltas of BENCH_DELTA (default 10,000) aircraft fed to the page at 2 Hz through the
 *    same path as the socket's frames (hook `receive`: the parse worker, then the fleet), each
 *    measured in the page with performance marks: parse (worker), apply (drawing thread),
 *    and the next animation frame, which uploads the attributes and draws (drawing thread);
 *  - the baseline, in the same page and run: the naive way (JSON.parse on the drawing thread
 *    and an object per aircraft in a Map) over the same texts;
 *  - frames per second: empty globe, 25,000 still, 25,000 with deltas.
 * Goal: ≤ 8 ms of drawing thread per 10,000-aircraft delta. Figures are printed, never
 * asserted, and written to .overfly/reports/bench-web.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { dropSchema, uniqueSchema } from '@overfly/db';
import { createKafkaRuntime } from '@overfly/kafka';
import type { AircraftState } from '@overfly/schemas';
import type { Page } from 'playwright-core';
import { buildWeb, WEB_DIST } from '../../scripts/web-build.js';
import { startApiProcess } from '../support/api-process.js';
import { launchBrowser } from '../support/browser.js';
import { testEndpoints } from '../support/endpoints.js';
import { deleteTopicsWithPrefix, uniquePrefix } from '../support/kafka-admin.js';
import type { GlobeWindow } from '../support/web/page.js';
import { pct, root } from './support/processes.js';

const AIRCRAFT = Number(process.env.BENCH_AIRCRAFT ?? 25_000);
const DELTA = Number(process.env.BENCH_DELTA ?? 10_000);
const DELTAS = Number(process.env.BENCH_DELTAS ?? 30);
const FPS_SECONDS = Number(process.env.BENCH_FPS_SECONDS ?? 5);
const GOAL_MS = 8;

const { brokers, registryUrl, databaseUrl } = testEndpoints();
const fmt = (n: number, d = 1) =>
  n.toLocaleString('en-GB', { maximumFractionDigits: d, minimumFractionDigits: d });

function world(t: number): AircraftState[] {
  let s = 7;
  const r = () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
  const ops = ['BAW', 'AFR', 'DLH', 'KLM', 'EZY', 'RYR', 'UAE', 'THY', 'SWR', 'IBE'];
  return Array.from({ length: AIRCRAFT }, (_, i) => {
    const ground = r() < 0.1;
    const alt = ground ? null : 300 + r() * 12_000;
    return {
      icao24: (0x500000 + i).toString(16),
      callsign: `${ops[i % ops.length]}${100 + (i % 8900)}`,
      originCountry: 'Bench',
      positionTime: t,
      lastContact: t,
      latitude: -55 + r() * 125,
      longitude: -180 + r() * 360,
      baroAltitudeM: alt,
      geoAltitudeM: alt === null ? null : alt + 50,
      onGround: ground,
      velocityMs: ground ? 5 : 150 + r() * 100,
      trackDeg: r() * 360,
      verticalRateMs: 0,
      squawk: '2000',
      source: 'SIMULATED',
      firstSeen: t,
      lastSeen: t,
      updatedAt: t,
    };
  });
}

const globe = (page: Page) => ({
  count: () =>
    page.evaluate(
      () => (globalThis as GlobeWindow).overfly?.globe?.count() ?? { shown: 0, total: 0 },
    ),
  take: () =>
    page.evaluate(() => {
      const g = (globalThis as GlobeWindow).overfly?.globe;
      if (!g) throw new Error('the globe is not mounted');
      return g.takeMeasures();
    }),
});

/** Frames per second over `seconds`, from the page's own animation-frame intervals. */
async function fps(page: Page, seconds: number): Promise<number> {
  await globe(page).take();
  await sleep(seconds * 1000);
  const { frames } = await globe(page).take();
  const total = frames.reduce((a, b) => a + b, 0);
  return total > 0 ? (frames.length * 1000) / total : 0;
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: pct(sorted, 0.5),
    p95: pct(sorted, 0.95),
    max: sorted[sorted.length - 1] ?? 0,
  };
};

async function main(): Promise<void> {
  console.error('building the web page…');
  await buildWeb({ quiet: true });
  const prefix = uniquePrefix('bench-web');
  const schema = uniqueSchema('bench_web');
  const runtime = createKafkaRuntime({
    brokers,
    registryUrl,
    service: 'bench-web',
    topicPrefix: prefix,
  });
  await runtime.ensureTopics();
  const api = await startApiProcess(prefix, schema, {
    API_WEB_DIR: WEB_DIST,
    LIVE_HZ: '4',
    LOG_LEVEL: 'warn',
  });
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(`${api.url}/#/?profile=1`);
    await page.waitForFunction(() => (globalThis as GlobeWindow).overfly?.globe !== undefined);
    console.error(`fps of the empty globe over ${FPS_SECONDS} s…`);
    const fpsEmpty = await fps(page, FPS_SECONDS);

    console.error(`publishing ${AIRCRAFT} aircraft to flights.state…`);
    const states = world(Date.now());
    const producer = await runtime.producer();
    for (let i = 0; i < states.length; i += 1_000)
      await producer.send(
        'flights.state',
        states.slice(i, i + 1_000).map((s) => ({ key: s.icao24, value: s })),
      );
    const deadline = Date.now() + 120_000;
    while ((await globe(page).count()).total < AIRCRAFT && Date.now() < deadline) await sleep(250);

    // A fresh page: the whole world arrives as one snapshot.
    await page.reload();
    await page.waitForFunction(
      (n) => (globalThis as GlobeWindow).overfly?.globe?.count().total === n,
      AIRCRAFT,
      {
        timeout: 120_000,
      },
    );
    await sleep(500);
    const snapshot = await globe(page).take();
    console.error(`fps with ${AIRCRAFT} aircraft, still, over ${FPS_SECONDS} s…`);
    const fpsStill = await fps(page, FPS_SECONDS);

    // Delta texts built in the page (not carried over the devtools connection).
    await page.evaluate(
      ({ n, count }) => {
        const g = (globalThis as GlobeWindow).overfly?.globe;
        if (!g) throw new Error('no globe');
        const ids = g.ids().slice(0, n);
        const texts: string[] = [];
        const t = Date.now();
        for (let k = 0; k < count; k++) {
          const changed = ids.map((icao24, i) => ({
            icao24,
            callsign: `BNC${i % 9000}`,
            lat: -50 + ((i * 7 + k) % 1200) / 10,
            lon: -179 + ((i * 13 + k) % 3580) / 10,
            alt: 1000 + ((i + k) % 11_000),
            onGround: false,
            speed: 230.5,
            track: (i + k) % 360,
            vRate: 0,
            squawk: '2000',
            positionTime: t + k * 500,
          }));
          texts.push(JSON.stringify({ type: 'delta', t: t + k * 500, changed, removed: [] }));
        }
        (globalThis as unknown as { benchTexts: string[] }).benchTexts = texts;
      },
      { n: DELTA, count: DELTAS },
    );
    await globe(page).take();
    console.error(`${DELTAS} deltas of ${DELTA} aircraft at 2 Hz…`);
    const fed = page.evaluate(async () => {
      const g = (globalThis as GlobeWindow).overfly?.globe;
      const texts = (globalThis as unknown as { benchTexts: string[] }).benchTexts;
      for (const text of texts) {
        g?.receive(text);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    });
    await fed;
    await sleep(500);
    const deltas = await globe(page).take();
    const fpsDeltas = deltas.frames.length
      ? (deltas.frames.length * 1000) / deltas.frames.reduce((a, b) => a + b, 0)
      : 0;

    // The baseline over the same texts: parse and object-per-aircraft on the drawing thread.
    const naive = await page.evaluate(() => {
      const texts = (globalThis as unknown as { benchTexts: string[] }).benchTexts;
      const held = new Map<string, Record<string, unknown>>();
      const out: number[] = [];
      for (const text of texts) {
        const t0 = performance.now();
        const message = JSON.parse(text) as { changed: Array<Record<string, unknown>> };
        for (const a of message.changed) held.set(a.icao24 as string, { ...a });
        out.push(performance.now() - t0);
      }
      return out;
    });

    const drawing = deltas.apply.map((a, i) => a + (deltas.upload[i] ?? 0));
    const figures = {
      aircraft: AIRCRAFT,
      delta: DELTA,
      deltas: deltas.apply.length,
      drawingThreadMs: stats(drawing),
      applyMs: stats(deltas.apply),
      uploadMs: stats(deltas.upload),
      workerParseMs: stats(deltas.parse),
      naiveDrawingThreadMs: stats(naive),
      snapshotApplyMs: snapshot.apply.reduce((a, b) => Math.max(a, b), 0),
      snapshotParseMs: snapshot.parse.reduce((a, b) => Math.max(a, b), 0),
      fps: { empty: fpsEmpty, still: fpsStill, withDeltas: fpsDeltas },
      goalMs: GOAL_MS,
    };
    const d = figures.drawingThreadMs;
    const n = figures.naiveDrawingThreadMs;
    console.log(
      `bench:web — ${fmt(AIRCRAFT, 0)} aircraft, deltas of ${fmt(DELTA, 0)} at 2 Hz (${figures.deltas} measured), chromium headless, WebGL on SwiftShader (CPU)`,
    );
    console.log('');
    console.log('                                   p50       p95       max');
    const row = (label: string, s: { p50: number; p95: number; max: number }) =>
      console.log(
        `${label.padEnd(30)} ${fmt(s.p50).padStart(7)} ms ${fmt(s.p95).padStart(7)} ms ${fmt(s.max).padStart(7)} ms`,
      );
    row('drawing thread per delta', d);
    row('  of which apply to the fleet', figures.applyMs);
    row('  of which the next frame', figures.uploadMs);
    row('worker parse (off thread)', figures.workerParseMs);
    row('baseline: naive, on thread', n);
    console.log('');
    console.log(
      `goal ≤ ${GOAL_MS} ms per delta on the drawing thread: p95 ${fmt(d.p95)} ms — ${d.p95 <= GOAL_MS ? 'met' : 'NOT met'}; the naive way takes ${fmt(n.p50 / Math.max(d.p50, 0.01), 2)}× ours at p50 (${fmt(n.p95 / Math.max(d.p95, 0.01), 2)}× at p95)`,
    );
    console.log(
      `snapshot of ${fmt(AIRCRAFT, 0)}: worker parse ${fmt(figures.snapshotParseMs)} ms, apply ${fmt(figures.snapshotApplyMs)} ms`,
    );
    console.log(
      `frames per second: empty globe ${fmt(fpsEmpty)}, ${fmt(AIRCRAFT, 0)} still ${fmt(fpsStill)}, ${fmt(AIRCRAFT, 0)} with deltas ${fmt(fpsDeltas)} (software WebGL: a GPU raises all three; the ratio to the empty globe is the page's own cost: ${fmt(fpsStill / Math.max(fpsEmpty, 0.01), 2)}, ${fmt(fpsDeltas / Math.max(fpsEmpty, 0.01), 2)})`,
    );
    const file = path.join(root, '.overfly', 'reports', 'bench-web.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(
      file,
      `${JSON.stringify({ at: new Date().toISOString(), ...figures }, null, 2)}\n`,
    );
    console.log(`figures written to ${path.relative(root, file)}`);
  } finally {
    await browser.close();
    await api.stop();
    await runtime.close().catch(() => undefined);
    await deleteTopicsWithPrefix(prefix).catch(() => undefined);
    await dropSchema(databaseUrl, schema).catch(() => undefined);
  }
}

await main();
