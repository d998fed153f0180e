// Credits and rejected rows as Prometheus metrics. Hot-path counters only, no log lines.
import type { Metrics } from '@overfly/observability';
import type { OpenSkyEvent } from './types.js';

export function openSkyMetricsListener(metrics: Metrics): (event: OpenSkyEvent) => void {
  const creditsLeft = metrics.gauge(
    'overfly_opensky_credits_left',
    'OpenSky API credits left today (the server’s X-Rate-Limit-Remaining when known)',
    ['account'],
  );
  const creditsUsed = metrics.counter(
    'overfly_opensky_credits_used_total',
    'OpenSky API credits spent by this process',
    ['account'],
  );
  const exhausted = metrics.counter(
    'overfly_opensky_credits_exhausted_total',
    'OpenSky calls refused because the credit budget was spent',
    ['account'],
  );
  const rejected = metrics.counter(
    'overfly_opensky_rows_rejected_total',
    'OpenSky state rows skipped as invalid, by the first field that failed',
    ['reason'],
  );
  const tokens = metrics.counter(
    'overfly_opensky_token_refreshes_total',
    'OAuth2 tokens fetched from the OpenSky token endpoint',
  );
  return (event) => {
    switch (event.type) {
      case 'credits':
        if (event.charged > 0) creditsUsed.inc({ account: event.accountType }, event.charged);
        if (event.left !== null) creditsLeft.set({ account: event.accountType }, event.left);
        return;
      case 'credits_exhausted':
        exhausted.inc({ account: event.accountType });
        return;
      case 'rows_rejected':
        rejected.inc({ reason: event.reason }, event.count);
        return;
      case 'token_refreshed':
        tokens.inc();
        return;
      default:
        return;
    }
  };
}
