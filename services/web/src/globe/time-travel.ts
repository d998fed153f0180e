import type { TrackPoint } from '../../../api/src/schemas/track.js';
import { getJson } from '../api/client.js';
import { h } from '../ui/dom.js';
import { utc } from '../ui/format.js';

const HOURS = 6;
const PLAY_RATE = 30;
const FETCH_EVERY_MS = 2_000;

export interface TimeTravelHooks {
  /** Data time now (live), to place the slider's range. */
  now: () => number;
  /** The traffic at a past moment arrived: show it, the clock at `at` running at `rate`. */
  show: (at: number, points: TrackPoint[], rate: number) => void;
  /** Back to live. */
  live: () => void;
  onError: (message: string) => void;
}

/**
 * Time travel over the last hours the api keeps (API_TRACK_RETENTION): a slider of
 * data time, minute by minute; Play runs it ×30, fetching `/v1/traffic?at=` every two
 * seconds (never two requests at once) while dead reckoning moves the aircraft between.
 */
export class TimeTravel {
  readonly element: HTMLElement;
  private readonly slider = h('input', {
    id: 'tt-slider',
    type: 'range',
    min: 0,
    max: HOURS * 60,
    step: 1,
    value: HOURS * 60,
    'aria-valuetext': 'live',
  });
  private readonly label = h('output', { for: 'tt-slider', class: 'tt-time' }, 'Live');
  private readonly play = h(
    'button',
    { type: 'button', 'aria-pressed': 'false', disabled: true },
    `Play ×${PLAY_RATE}`,
  );
  private readonly liveButton = h('button', { type: 'button', disabled: true }, 'Live');
  private end = 0;
  private at = 0;
  private playing = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private abort: AbortController | null = null;
  private busy = false;

  constructor(private readonly hooks: TimeTravelHooks) {
    this.element = h(
      'div',
      { class: 'time-travel', role: 'group', 'aria-label': 'Time travel' },
      h('label', { for: 'tt-slider' }, `Last ${HOURS} h`),
      this.slider,
      this.label,
      this.play,
      this.liveButton,
    );
    this.slider.addEventListener('pointerdown', () => this.freeze());
    this.slider.addEventListener('keydown', () => this.freeze());
    this.slider.addEventListener('input', () => {
      this.freeze();
      const minutes = Number(this.slider.value);
      if (minutes >= HOURS * 60) {
        this.goLive();
        return;
      }
      this.at = this.end - (HOURS * 60 - minutes) * 60_000;
      this.showLabel();
      void this.fetch(0);
    });
    this.play.addEventListener('click', () =>
      this.playing ? this.stopPlaying() : this.startPlaying(),
    );
    this.liveButton.addEventListener('click', () => this.goLive());
  }

  get travelling(): boolean {
    return this.end !== 0;
  }

  dispose(): void {
    this.stopPlaying();
    this.abort?.abort();
  }

  /** The slider's end is fixed to data time when travel starts, so it does not drift. */
  private freeze(): void {
    if (this.end === 0) this.end = this.hooks.now() || Date.now();
  }

  private showLabel(): void {
    const text = utc(this.at);
    this.label.textContent = text;
    this.slider.setAttribute('aria-valuetext', text);
    this.play.disabled = false;
    this.liveButton.disabled = false;
  }

  private async fetch(rate: number): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    try {
      const at = Math.round(this.at);
      const answer = await getJson<{ at: number; items: TrackPoint[] }>(
        '/v1/traffic',
        { at },
        abort.signal,
      );
      if (!abort.signal.aborted && this.end !== 0) this.hooks.show(at, answer.items, rate);
    } catch (error) {
      if (!abort.signal.aborted)
        this.hooks.onError(error instanceof Error ? error.message : String(error));
    } finally {
      this.busy = false;
    }
  }

  private startPlaying(): void {
    this.playing = true;
    this.play.setAttribute('aria-pressed', 'true');
    let last = performance.now();
    const step = async () => {
      const now = performance.now();
      this.at = Math.min(this.end, this.at + (now - last) * PLAY_RATE);
      last = now;
      this.slider.value = String(HOURS * 60 - Math.ceil((this.end - this.at) / 60_000));
      this.showLabel();
      if (this.at >= this.end) {
        this.goLive();
        return;
      }
      await this.fetch(PLAY_RATE);
      if (this.playing) this.timer = setTimeout(() => void step(), FETCH_EVERY_MS);
    };
    void step();
  }

  private stopPlaying(): void {
    this.playing = false;
    this.play.setAttribute('aria-pressed', 'false');
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private goLive(): void {
    this.stopPlaying();
    this.abort?.abort();
    this.end = 0;
    this.slider.value = String(HOURS * 60);
    this.label.textContent = 'Live';
    this.slider.setAttribute('aria-valuetext', 'live');
    this.play.disabled = true;
    this.liveButton.disabled = true;
    this.hooks.live();
  }
}
