import {
  Counter,
  collectDefaultMetrics,
  Gauge,
  Histogram,
  type Metric,
  Registry,
} from 'prom-client';
import { ObservabilityError } from './errors.js';

export interface MetricsOptions {
  service: string;
  /** Identifies this process among replicas; carried in snapshots, not as a label. */
  instance: string;
  /** Node process metrics (CPU, memory, event loop lag, GC); on by default. */
  collectDefaults?: boolean;
}

export interface Metrics {
  registry: Registry;
  service: string;
  instance: string;
  counter<L extends string = never>(
    name: string,
    help: string,
    labelNames?: readonly L[],
  ): Counter<L>;
  gauge<L extends string = never>(name: string, help: string, labelNames?: readonly L[]): Gauge<L>;
  histogram<L extends string = never>(
    name: string,
    help: string,
    labelNames?: readonly L[],
    buckets?: readonly number[],
  ): Histogram<L>;
  /**
   * A gauge read from its source whenever it is scraped or snapshotted: `read` calls `set`
   * for each series it has now, and series it no longer names disappear. For state another
   * module owns (a breaker, a queue) that would otherwise need a push at every change.
   */
  sampledGauge<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    read: (set: SetSample<L>) => void,
  ): void;
  /** The same for a cumulative count kept elsewhere: `set` gives each series' total so far. */
  sampledCounter<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    read: (set: SetSample<L>) => void,
  ): void;
}

/** Gives one series of a sampled metric its value now. */
export type SetSample<L extends string> = (
  labels: Partial<Record<L, string>>,
  value: number,
) => void;

// Prometheus conventions: snake_case, our namespace first, base units in the name.
const NAME = /^overfly_[a-z][a-z0-9_]*$/;

/**
 * One registry per process. Every metric carries a `service` label; `instance` is left
 * to Prometheus, which sets it from the scrape target and would rename ours.
 */
export function createMetrics(options: MetricsOptions): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: options.service });
  // Default metrics keep their standard names (process_*, nodejs_*) so stock Node.js
  // dashboards work unchanged.
  if (options.collectDefaults ?? true) collectDefaultMetrics({ register: registry });

  // Asking twice for the same metric returns the first one, so modules can declare
  // their metrics where they use them without coordinating.
  function existing<T extends Metric>(
    name: string,
    type: new (...args: never[]) => T,
  ): T | undefined {
    const found = registry.getSingleMetric(name);
    if (found === undefined) return undefined;
    if (found instanceof type) return found;
    throw new ObservabilityError('OBSERVABILITY_METRIC_TYPE_CONFLICT', name);
  }

  function checkName(name: string, kind: 'counter' | 'other'): void {
    if (!NAME.test(name)) {
      throw new ObservabilityError(
        'OBSERVABILITY_METRIC_NAME_INVALID',
        `${name} must match ${NAME.source}`,
      );
    }
    if (kind === 'counter' && !name.endsWith('_total')) {
      throw new ObservabilityError(
        'OBSERVABILITY_METRIC_NAME_INVALID',
        `counter ${name} must end in _total`,
      );
    }
  }

  return {
    registry,
    service: options.service,
    instance: options.instance,
    counter(name, help, labelNames = []) {
      checkName(name, 'counter');
      return (
        existing(name, Counter) ??
        new Counter({ name, help, labelNames: [...labelNames], registers: [registry] })
      );
    },
    gauge(name, help, labelNames = []) {
      checkName(name, 'other');
      return (
        existing(name, Gauge) ??
        new Gauge({ name, help, labelNames: [...labelNames], registers: [registry] })
      );
    },
    histogram(name, help, labelNames = [], buckets) {
      checkName(name, 'other');
      return (
        existing(name, Histogram) ??
        new Histogram({
          name,
          help,
          labelNames: [...labelNames],
          registers: [registry],
          ...(buckets ? { buckets: [...buckets] } : {}),
        })
      );
    },
    sampledGauge(name, help, labelNames, read) {
      checkName(name, 'other');
      if (existing(name, Gauge)) return;
      new Gauge({
        name,
        help,
        labelNames: [...labelNames],
        registers: [registry],
        collect() {
          this.reset();
          read((labels, value) => this.set(labels, value));
        },
      });
    },
    sampledCounter(name, help, labelNames, read) {
      checkName(name, 'counter');
      if (existing(name, Counter)) return;
      new Counter({
        name,
        help,
        labelNames: [...labelNames],
        registers: [registry],
        collect() {
          this.reset();
          read((labels, value) => this.inc(labels, Math.max(0, value)));
        },
      });
    },
  };
}
