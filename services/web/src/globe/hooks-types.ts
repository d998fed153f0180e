// Types only (no DOM): the browser tests and pnpm bench:web import them too.
/** The camera's modes: turn freely, ride above the selected aircraft, or sit in it. */
export type CameraMode = 'orbit' | 'follow' | 'cockpit';

/** What the globe exposes on `window.overfly.globe` for the browser tests and pnpm bench:web. */
export interface GlobeHooks {
  count(): { shown: number; total: number };
  /** Slots in use (high-water mark) and allocated: bounded by the most aircraft held at once. */
  slots(): { high: number; capacity: number };
  ids(): string[];
  /** Where an aircraft is drawn now, in viewport CSS pixels; null when not on screen. */
  screenPosition(icao24: string): { x: number; y: number } | null;
  stateOf(icao24: string): { shown: boolean; ghost: boolean } | null;
  select(icao24: string | null): void;
  selected(): string | null;
  mode(): CameraMode;
  lookAt(lat: number, lon: number, distance?: number): void;
  /** Frames applied since the page opened (snapshots and deltas). */
  frames(): number;
  /**
   * With `on`, each applied frame is wrapped in performance marks (measure
   * `overfly:apply`, and `overfly:upload` for the GPU upload of the next animation frame);
   * take() returns and clears them, so nothing accumulates while nobody reads.
   */
  profile(on: boolean): void;
  takeMeasures(): {
    /** Worker: JSON text to columns, per frame. */
    parse: number[];
    /** Drawing thread: columns into the fleet, per frame. */
    apply: number[];
    /** Drawing thread: the animation frame after a delta (its attributes to the GPU, and the draw). */
    upload: number[];
    /** Between animation frames. */
    frames: number[];
  };
  /** A live-stream text frame, through the same worker and fleet as the socket's. */
  receive(text: string): void;
}
