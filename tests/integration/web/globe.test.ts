// The globe in a real browser (Debian's chromium) against the api process serving the
// built page and the live stream of real Kafka topics: what a newcomer sees first.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../support/wait-for.js';
import { type GlobeWindow, startWebPage, type WebPage } from '../../support/web/page.js';
import { europeTraffic, stateOf, type TestAircraft, updateOf } from '../../support/web/traffic.js';

const AIRCRAFT = 240;

describe('web: the globe', () => {
  let web: WebPage;
  let page: Page;
  let errors: string[];
  const fleet = europeTraffic(AIRCRAFT);
  // Data time: the fixes are a minute old at most when the page opens.
  const t0 = Date.now();

  const publish = (aircraft: readonly TestAircraft[], t: number) =>
    web.runtime.producer().then((p) =>
      p.send(
        'flights.state',
        aircraft.map((a) => ({ key: a.icao24, value: stateOf(a, t) })),
      ),
    );

  const hooks = <T>(fn: string, ...args: unknown[]): Promise<T> =>
    page.evaluate(
      ([name, list]) => {
        const globe = (globalThis as GlobeWindow).overfly?.globe as unknown as
          | Record<string, (...a: unknown[]) => unknown>
          | undefined;
        if (!globe) throw new Error('the globe is not mounted');
        return globe[name as string]?.(...(list as unknown[]));
      },
      [fn, args] as const,
    ) as Promise<T>;

  const count = () => hooks<{ shown: number; total: number }>('count');

  beforeAll(async () => {
    web = await startWebPage('web-globe');
    await publish(fleet, t0);
    // The api's read of flights.state reaches every aircraft before the page opens.
    await waitFor(
      async () => {
        const r = await fetch(`${web.api.url}/v1/flights?limit=1000`);
        return r.ok && ((await r.json()) as { items: unknown[] }).items.length >= AIRCRAFT;
      },
      { timeoutMs: 60_000, message: 'the api to hold every aircraft' },
    );
    ({ page, errors } = await web.open('#/'));
    await page.waitForFunction(
      () => (globalThis as GlobeWindow).overfly?.globe !== undefined,
      null,
      { timeout: 30_000 },
    );
  }, 180_000);

  afterAll(async () => {
    await web?.close();
  });

  it('shows as many aircraft as the snapshot, and says so', async () => {
    await page.waitForFunction(
      (n) => (globalThis as GlobeWindow).overfly?.globe?.count().total === n,
      AIRCRAFT,
      { timeout: 30_000 },
    );
    const ids = await hooks<string[]>('ids');
    expect(new Set(ids)).toEqual(new Set(fleet.map((a) => a.icao24)));
    await expect
      .poll(() => page.locator('#traffic-count').textContent(), { timeout: 5_000 })
      .toBe(`${AIRCRAFT} of ${AIRCRAFT} aircraft`);
    // The FIR layer came from the api and the canvas draws (WebGL on SwiftShader).
    const firOptions = await page.locator('#fir-ids option').count();
    expect(firOptions).toBeGreaterThan(100);
    await web.screenshot(page, 'globe');
    expect(errors).toEqual([]);
  });

  it('a filter reduces the count to the aircraft it matches', async () => {
    await page.fill('#f-callsign', 'BAW');
    const baw = fleet.filter((a) => a.callsign.startsWith('BAW')).length;
    await expect.poll(async () => (await count()).shown, { timeout: 5_000 }).toBe(baw);
    expect((await count()).total).toBe(AIRCRAFT);
    await expect
      .poll(() => page.locator('#traffic-count').textContent())
      .toBe(`${baw} of ${AIRCRAFT} aircraft`);

    await page.fill('#f-callsign', '');
    await page.fill('#f-min-alt', '30000');
    const high = fleet.filter((a) => !a.onGround && a.altM >= 30_000 * 0.3048).length;
    await expect.poll(async () => (await count()).shown, { timeout: 5_000 }).toBe(high);

    await page.fill('#f-min-alt', '');
    await page.selectOption('#f-ground', 'ground');
    const ground = fleet.filter((a) => a.onGround).length;
    await expect.poll(async () => (await count()).shown, { timeout: 5_000 }).toBe(ground);

    await page.click('button[type=reset]');
    await expect.poll(async () => (await count()).shown, { timeout: 5_000 }).toBe(AIRCRAFT);
  });

  it('clicking an aircraft opens its panel with its FIR; Follow locks the camera on it', async () => {
    const target = fleet.find(
      (a) =>
        a.callsign.startsWith('SWR') &&
        !a.onGround &&
        a.lat > 46.2 &&
        a.lat < 47.6 &&
        a.lon > 6.5 &&
        a.lon < 9.5,
    ) as TestAircraft;
    expect(target, 'a Swiss aircraft in the fleet').toBeDefined();
    await hooks('lookAt', target.lat, target.lon, 1.25);
    const at = await waitFor(
      () => hooks<{ x: number; y: number } | null>('screenPosition', target.icao24),
      {
        timeoutMs: 5_000,
        message: 'the aircraft on screen',
      },
    );
    await page.mouse.click(at.x, at.y);
    await expect
      .poll(() => hooks<string | null>('selected'), { timeout: 5_000 })
      .toBe(target.icao24);
    const panel = page.getByRole('complementary', { name: 'Selected aircraft' });
    await expect.poll(() => panel.isVisible()).toBe(true);
    await expect.poll(() => panel.locator('h2').textContent()).toBe(target.callsign);
    // The FIR from the api's layer (Zurich or Geneva in it), and its charging zone: LS.
    await expect.poll(() => panel.textContent(), { timeout: 5_000 }).toMatch(/FIRLS(AZ|AG)\b/);
    expect(await panel.textContent()).toContain('Charging zoneLS Switzerland');

    await panel.getByRole('button', { name: 'Follow' }).click();
    expect(await hooks('mode')).toBe('follow');
    await expect
      .poll(() => panel.getByRole('button', { name: 'Follow' }).getAttribute('aria-pressed'))
      .toBe('true');
    // The camera is above the aircraft: it is drawn at the canvas's centre.
    await page.waitForTimeout(100);
    const box = await page.locator('canvas.globe-canvas').boundingBox();
    const centred = await hooks<{ x: number; y: number } | null>('screenPosition', target.icao24);
    expect(centred).not.toBeNull();
    expect(Math.abs((centred?.x ?? 0) - ((box?.x ?? 0) + (box?.width ?? 0) / 2))).toBeLessThan(4);
    expect(Math.abs((centred?.y ?? 0) - ((box?.y ?? 0) + (box?.height ?? 0) / 2))).toBeLessThan(4);
    await web.screenshot(page, 'globe-follow');

    await page.keyboard.press('Escape');
    await expect.poll(() => hooks<string | null>('selected')).toBeNull();
    expect(await hooks('mode')).toBe('orbit');
  });

  it('a keyboard user reaches an aircraft: callsign, Enter selects it and focuses its panel', async () => {
    const target = fleet[7] as TestAircraft;
    await page.focus('#f-callsign');
    await page.keyboard.type(target.callsign);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => hooks<string | null>('selected'), { timeout: 5_000 })
      .toBe(target.icao24);
    const focused = await page.evaluate(
      () =>
        (
          globalThis as unknown as {
            document: { activeElement: { getAttribute(n: string): string | null } | null };
          }
        ).document.activeElement?.getAttribute('aria-label') ?? null,
    );
    expect(focused).toBe('Close the panel');
    await page.keyboard.press('Escape');
    await expect.poll(() => hooks<string | null>('selected')).toBeNull();
    await page.fill('#f-callsign', '');
  });

  it('an aircraft without news turns ghost after 15 s of data time, then disappears', async () => {
    const [stale, ...others] = fleet;
    if (!stale) throw new Error('no fleet');
    // Data time moves on with the others' news (at least 20 s after the stale fix, and no
    // older than now, so they are fresh); `stale` says nothing more.
    await publish(others, Math.max(Date.now(), t0 + 20_000));
    const other = (others[0] as TestAircraft).icao24;
    await expect
      .poll(
        async () => [
          await hooks<{ ghost: boolean } | null>('stateOf', stale.icao24),
          await hooks<{ ghost: boolean } | null>('stateOf', other),
        ],
        { timeout: 15_000 },
      )
      .toMatchObject([{ ghost: true }, { ghost: false }]);
    await web.screenshot(page, 'globe-ghost');

    await publish(others, Math.max(Date.now(), t0 + 75_000));
    await expect.poll(() => hooks('stateOf', stale.icao24), { timeout: 15_000 }).toBeNull();
    expect((await count()).total).toBe(AIRCRAFT - 1);
    expect(errors).toEqual([]);
  });

  it('time travel shows the traffic of a past moment from the api, then Live comes back', async () => {
    // 40 aircraft reported every 30 s over the 40 minutes before the test began.
    const past = fleet.slice(0, 40);
    const updates = [];
    for (let t = t0 - 40 * 60_000; t < t0 - 60_000; t += 30_000)
      for (const a of past) updates.push({ key: a.icao24, value: updateOf(a, t) });
    const producer = await web.runtime.producer();
    for (let i = 0; i < updates.length; i += 1_000)
      await producer.send('flights.updates', updates.slice(i, i + 1_000));
    const first = past[0] as TestAircraft;
    await waitFor(
      async () => {
        const r = await fetch(`${web.api.url}/v1/traffic?at=${t0 - 20 * 60_000}`);
        return r.ok && ((await r.json()) as { items: unknown[] }).items.length === past.length;
      },
      { timeoutMs: 30_000, message: `the api's track of ${first.icao24}` },
    );

    // Half an hour back on the slider (its end is the data time now).
    await page.locator('#tt-slider').fill('330');
    await expect.poll(async () => (await count()).total, { timeout: 10_000 }).toBe(past.length);
    await expect
      .poll(() => page.locator('.globe-status').textContent())
      .toBe(`Time travel: ${past.length} aircraft`);
    expect(await page.locator('.tt-time').textContent()).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/,
    );
    await web.screenshot(page, 'globe-time-travel');

    await page.getByRole('button', { name: 'Live', exact: true }).click();
    await expect.poll(async () => (await count()).total, { timeout: 15_000 }).toBe(AIRCRAFT - 1);
    expect(await page.locator('.tt-time').textContent()).toBe('Live');
    expect(errors).toEqual([]);
  });

  it('traffic that keeps changing leaves memory and slots bounded while the page stays open', async () => {
    const cdp = await page.context().newCDPSession(page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    };
    // Rounds of 2,000 aircraft that appear, then leave for new ones: 60,000 ids in all.
    const round = (k: number) =>
      page.evaluate(
        ({ k, n }) => {
          const g = (globalThis as GlobeWindow).overfly?.globe;
          const id = (round: number, i: number) => (0xa00000 + round * n + i).toString(16);
          const t = Date.now();
          const changed = Array.from({ length: n }, (_, i) => ({
            icao24: id(k, i),
            callsign: `CHN${i}`,
            lat: 40 + (i % 100) / 10,
            lon: (i % 200) / 10,
            alt: 9000,
            onGround: false,
            speed: 200,
            track: 45,
            vRate: 0,
            squawk: null,
            positionTime: t,
          }));
          const removed = k > 0 ? Array.from({ length: n }, (_, i) => id(k - 1, i)) : [];
          g?.receive(JSON.stringify({ type: 'delta', t, changed, removed }));
        },
        { k, n: 2_000 },
      );
    const framesBefore = await hooks<number>('frames');
    for (let k = 0; k < 10; k++) await round(k);
    await expect.poll(() => hooks<number>('frames'), { timeout: 10_000 }).toBe(framesBefore + 10);
    const warm = await heap();
    const slotsWarm = await hooks<{ high: number }>('slots');
    for (let k = 10; k < 30; k++) await round(k);
    await expect.poll(() => hooks<number>('frames'), { timeout: 20_000 }).toBe(framesBefore + 30);
    const after = await heap();
    const slots = await hooks<{ high: number; capacity: number }>('slots');
    // Freed slots are reused: 20 more rounds of new ids add no slot.
    expect(slots.high).toBe(slotsWarm.high);
    expect(slots.high).toBeLessThanOrEqual(AIRCRAFT + 2 * 2_000);
    // 40,000 more aircraft came and went: the heap holds none of them (slack for JIT code).
    expect(after - warm).toBeLessThan(3_000_000);
    expect(errors).toEqual([]);
    await cdp.detach();
  });
});
