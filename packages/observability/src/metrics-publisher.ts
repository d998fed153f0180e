import type { Registry } from 'prom-client';
import { ObservabilityError } from './errors.js';
import { type MetricsSnapshot, takeSnapshot } from './metrics-snapshot.js';

export interface MetricsPublisherOptions {
  registry: Registry;
  service: string;
  instance: string;
  intervalMs: number;
  /** Sends a snapshot, typically to the `system.metrics` topic; this package knows no Kafka. */
  publish: (snapshot: MetricsSnapshot) => Promise<void>;
  /** Told about each failed publish; publishing carries on at the next interval. */
  onError: (error: ObservabilityError) => void;
  /** Clock for `takenAt`; tests pass a fixed one. */
  now?: () => number;
}

export interface MetricsPublisher {
  /** Stops the timer, waits for a publish in flight, then publishes a final snapshot. */
  stop(): Promise<void>;
}

export function startMetricsPublisher(options: MetricsPublisherOptions): MetricsPublisher {
  const { registry, intervalMs, publish, onError } = options;
  if (!Number.isFinite(intervalMs) || intervalMs <= 0) {
    throw new RangeError(`intervalMs must be a positive number, got ${intervalMs}`);
  }
  const source = { service: options.service, instance: options.instance };
  let inFlight: Promise<void> | undefined;
  let stopped: Promise<void> | undefined;

  // Never rejects: a rejected timer callback would be an unhandled rejection that ends
  // the process, which is far worse than one lost snapshot.
  async function publishOnce(): Promise<void> {
    try {
      await publish(await takeSnapshot(registry, source, options.now));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      try {
        onError(
          new ObservabilityError('OBSERVABILITY_METRICS_PUBLISH_FAILED', reason, { cause: error }),
        );
      } catch {
        // The reporter failing must not stop publishing either.
      }
    }
  }

  function tick(): void {
    // A publish slower than the interval skips ticks rather than piling them up: the
    // next snapshot carries the newer values anyway.
    if (inFlight || stopped) return;
    inFlight = publishOnce().finally(() => {
      inFlight = undefined;
    });
  }

  const timer = setInterval(tick, intervalMs);
  // Shutdown calls stop(); the timer alone must not keep a finished process alive.
  timer.unref();

  return {
    stop() {
      stopped ??= (async () => {
        clearInterval(timer);
        await inFlight;
        await publishOnce();
      })();
      return stopped;
    },
  };
}
