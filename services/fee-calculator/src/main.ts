/**
 * fee-calculator: fir.crossings → charges.calculated (EUROCONTROL en-route charges), one
 * charge per charging-zone passage; per-flight state checkpointed to fee-calculator.state.
 */
import { loadPricingSetup } from '@overfly/charges';
import { describeError, loadOrExit, startService } from '@overfly/service-kit';
import { startFeeCalculator } from './calculator.js';
import { loadFeeConfig, pricingChoiceOf } from './config.js';

const SERVICE = 'fee-calculator';
const config = loadFeeConfig();

// A bad tariff or aircraft table is an operator's mistake: say which and stop.
const context = loadOrExit(SERVICE, 'the tariff or aircraft tables', () =>
  loadPricingSetup(pricingChoiceOf(config)),
);

const service = await startService(SERVICE, config);
const { logger, metrics, runtime } = service;
logger.info(
  { tariffVersion: context.tariff.version, tariff: config.TARIFF_DIR ?? 'bundled' },
  'tariff loaded',
);
const taken = metrics.counter(
  'overfly_fee_crossings_total',
  'Crossings taken in from fir.crossings (a passage of several is one charge)',
);
const priced = metrics.counter('overfly_charges_total', 'Charges calculated', ['status']);
const refused = metrics.counter(
  'overfly_crossings_refused_total',
  'Crossings refused as impossible input, sent to dead.letter',
  ['code'],
);

// Start-up waits for a broker or registry that is away (KAFKA_OUTAGE_TOLERANCE); past that
// it stops with one line, not an unhandled rejection's stack, and exit 1.
const calculator = await startFeeCalculator({
  runtime,
  groupId: config.KAFKA_GROUP_ID,
  pricing: context,
  passageRetentionMs: config.PASSAGE_RETENTION,
  checkpointIntervalMs: config.CHECKPOINT_INTERVAL,
  restoreTimeoutMs: config.RESTORE_TIMEOUT,
  sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT,
  logger,
  observer: {
    taken: (count) => taken.inc(count),
    priced: (charge) => priced.inc({ status: charge.status }),
    refused: (code) => refused.inc({ code }),
  },
}).catch(async (error: unknown) => {
  logger.fatal({ error: describeError(error) }, 'cannot start');
  await service.shutdown({ failed: true });
  throw error;
});
service.closeFirst({ name: 'calculator (final checkpoint)', close: () => calculator.stop() });
logger.info({ group: config.KAFKA_GROUP_ID }, 'fee-calculator running');
