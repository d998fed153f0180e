import type { MetricKind, MetricSample, MetricsSnapshot } from '@overfly/schemas';
import type { MetricObjectWithValues, MetricValue, Registry } from 'prom-client';

export type { MetricKind, MetricSample, MetricsSnapshot };

const KINDS: Record<string, MetricKind> = {
  counter: 'COUNTER',
  gauge: 'GAUGE',
  histogram: 'HISTOGRAM',
  summary: 'SUMMARY',
};

type MetricJson = MetricObjectWithValues<MetricValue<string>>;

/**
 * Flattens prom-client's JSON into one sample per series, as the text exposition does:
 * a histogram becomes `<name>_bucket{le=…}`, `<name>_sum` and `<name>_count` samples.
 */
export function toSamples(metrics: readonly MetricJson[]): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const metric of metrics) {
    const kind = KINDS[String(metric.type)] ?? 'UNKNOWN';
    for (const value of metric.values) {
      const named = value as MetricValue<string> & { metricName?: string };
      samples.push({
        name: named.metricName ?? metric.name,
        kind,
        labels: toLabels(value.labels),
        value: value.value,
      });
    }
  }
  return samples;
}

export async function takeSnapshot(
  registry: Registry,
  source: { service: string; instance: string },
  now: () => number = Date.now,
): Promise<MetricsSnapshot> {
  const metrics = (await registry.getMetricsAsJSON()) as MetricJson[];
  return {
    service: source.service,
    instance: source.instance,
    takenAt: now(),
    samples: toSamples(metrics),
  };
}

function toLabels(labels: Partial<Record<string, string | number>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels)) {
    if (value === undefined) continue;
    out[key] = typeof value === 'number' ? formatNumber(value) : value;
  }
  return out;
}

// Same spelling as the Prometheus text format, so `le="+Inf"` matches in both.
function formatNumber(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}
