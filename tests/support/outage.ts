// An outage of one platform component for the integration tests that must survive one:
// stop PostgreSQL, the Kafka broker or the schema registry, keep it down, start it again.
// The integration files run one at a time (vitest.config.ts), so no other test sees it; the
// component is started again even when the test fails while it is down.
import { type Component, infraDown, infraStatus, infraUp } from '../../infra/src/index.js';

export interface OutageTimes {
  /** When the component stopped answering (epoch ms). */
  stoppedAt: number;
  /** When it answered again. */
  restartedAt: number;
}

const log = (line: string) => console.log(`[outage] ${line}`);

/**
 * Stops `component`, runs `during` (if given) and waits until `downMs` have passed since the
 * stop, then brings it back and waits until it answers. Throws when the component is not one
 * this machine's infra started (an external one cannot be stopped from here).
 */
export async function outage(
  component: Component,
  downMs: number,
  during?: () => Promise<void>,
): Promise<OutageTimes> {
  const row = (await infraStatus()).find((r) => r.component === component);
  if (!row?.running)
    throw new Error(`${component} is not run by this machine's infra: cannot stop it for a test`);
  await infraDown({ only: [component], log });
  const stoppedAt = Date.now();
  try {
    if (during) await during();
    const left = stoppedAt + downMs - Date.now();
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  } finally {
    await infraUp({ log });
  }
  return { stoppedAt, restartedAt: Date.now() };
}
