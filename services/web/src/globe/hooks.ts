import type { GlobeHooks } from './hooks-types.js';

declare global {
  interface Window {
    overfly?: { globe?: GlobeHooks };
  }
}

export function publish(hooks: GlobeHooks | null): void {
  window.overfly ??= {};
  if (hooks) window.overfly.globe = hooks;
  else delete window.overfly.globe;
}

/** A bounded list of durations (ms): the newest `max` kept. */
export class Samples {
  private values: number[] = [];
  constructor(private readonly max = 2_000) {}
  push(value: number): void {
    if (this.values.length >= this.max) this.values.shift();
    this.values.push(value);
  }
  take(): number[] {
    const out = this.values;
    this.values = [];
    return out;
  }
}
