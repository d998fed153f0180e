/**
 * fee-calculator: fir.crossings → charges.calculated (EUROCONTROL en-route charges).
 * Stateless: at least once in, the same charge (deterministic chargeId) out.
 */
import { loadPricingSetup } from '@overfly/charges';
import type { FirCrossing } from '@overfly/schemas';
import { loadOrExit, startService } from '@overfly/service-kit';
import { loadFeeConfig, pricingChoiceOf } from './config.js';
import { chargeRecord } from './pricer.js';

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
const producer = await runtime.producer();
const priced = metrics.counter('overfly_charges_total', 'Charges calculated', ['status']);

const loop = await runtime.consume({
  groupId: config.KAFKA_GROUP_ID,
  topics: ['fir.crossings'],
  fromBeginning: true,
  handleBatch: async (messages) => {
    const now = Date.now();
    const records = [];
    for (const m of messages) {
      if (m.value === null) continue;
      const record = chargeRecord(m.value as FirCrossing, context, now);
      records.push(record);
    }
    await producer.send('charges.calculated', records);
    for (const r of records) priced.inc({ status: r.value?.status ?? 'UNKNOWN' });
  },
});
service.closeFirst({ name: 'consumer', close: () => loop.stop() });
logger.info({ group: config.KAFKA_GROUP_ID }, 'fee-calculator running');
