/**
 * The demo's back-billing: what a billing office does every month, on the bundled A319 of
 * 2 January 2018 over France. Its recording is priced at its own date (France's 2018 unit
 * rate is published and shipped), published to charges.calculated like any charge, billed
 * by invoice-writer, consolidated into the January 2018 invoice as the office would have
 * done on 1 February 2018, and marked OVERDUE today, its due date long past.
 */
import { loadPricingSetup } from '@overfly/charges';
import { loadConfig } from '@overfly/config';
import { createPool, type Pool } from '@overfly/db';
import { defaultAirports, defaultFirLayer } from '@overfly/geo';
import type { KafkaRuntime } from '@overfly/kafka';
import type { ChargeCalculated } from '@overfly/schemas';
import { pricingChoiceOf, pricingConfigSchema } from '../../services/fee-calculator/src/config.js';
import { consolidate } from '../../services/invoice-writer/src/consolidation.js';
import {
  type InvoiceLineSummary,
  type InvoiceSummary,
  invoiceLines,
  listInvoices,
} from '../../services/invoice-writer/src/invoice-listing.js';
import { markOverdue } from '../../services/invoice-writer/src/overdue.js';
import { chargesOfRecordings } from '../backbill/charges-of-recordings.js';
import { formatInvoice, formatPassageCharge } from './format.js';

const BACKBILL_SAMPLE = {
  file: 'flight_a319_opensky.csv',
  what: 'AFR91HL A319, 2 January 2018, Paris → northern Europe (openap, LGPL-3.0)',
};

const HOUR = 3_600_000;

export interface BackbillOutcome {
  charges: ChargeCalculated[];
  invoice: InvoiceSummary | null;
  lines: InvoiceLineSummary[];
}

export async function demoBackbill(
  dataDir: string,
  runtime: KafkaRuntime,
  database: { url: string; schema: string | undefined; paymentTermsDays: number },
  log: (line: string) => void,
): Promise<BackbillOutcome> {
  const pricing = loadPricingSetup(pricingChoiceOf(loadConfig(pricingConfigSchema)));
  const { charges } = await chargesOfRecordings(
    [`${dataDir}/${BACKBILL_SAMPLE.file}`],
    { layer: defaultFirLayer(), airports: defaultAirports() },
    pricing,
    { calculatedAt: Date.now() },
  );
  const producer = await runtime.producer();
  await producer.send(
    'charges.calculated',
    charges.map((c) => ({ key: c.crossingId, value: c })),
  );
  const first = charges[0];
  if (!first) return { charges, invoice: null, lines: [] };

  const pool = createPool({
    url: database.url,
    ...(database.schema ? { schema: database.schema } : {}),
    max: 2,
  });
  try {
    await linesWritten(
      pool,
      charges.map((c) => c.crossingId),
    );
    // As the office would have on the first of the next month, after the period ended.
    const flown = new Date(first.passage?.entryTime ?? Date.now());
    const asOf = Date.UTC(flown.getUTCFullYear(), flown.getUTCMonth() + 1, 1) + HOUR;
    await consolidate(pool, { now: asOf, dueDays: database.paymentTermsDays });
    await markOverdue(pool, Date.now());
    const periodStart = new Date(Date.UTC(flown.getUTCFullYear(), flown.getUTCMonth(), 1))
      .toISOString()
      .slice(0, 10);
    const invoice =
      (await listInvoices(pool, { operator: first.operatorIcao ?? undefined, limit: 500 })).find(
        (i) => i.documentType === 'INVOICE' && i.periodStart === periodStart,
      ) ?? null;
    const lines = invoice ? await invoiceLines(pool, invoice.invoiceNumber) : [];
    // One block: the live tail prints beside it.
    const block = [
      '',
      `Back-billing (what a billing office does every month): data/trajectories/${BACKBILL_SAMPLE.file},`,
      `  ${BACKBILL_SAMPLE.what}, priced at its own date, one charge per charging-zone passage:`,
      ...charges.map((c) => `  ${formatPassageCharge(c)}`),
      ...(invoice
        ? formatInvoice(invoice, lines).map((l) => `  ${l}`)
        : ['  no invoice: no passage was priced']),
      '',
    ];
    log(block.join('\n'));
    return { charges, invoice, lines };
  } finally {
    await pool.end();
  }
}

/** Waits until invoice-writer has written a line for each of these passages (≤ 60 s). */
async function linesWritten(pool: Pool, passageIds: readonly string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const { rows } = await pool.query<{ n: number }>(
        'SELECT count(DISTINCT crossing_id)::int AS n FROM invoice_lines WHERE crossing_id = ANY($1)',
        [passageIds],
      );
      if ((rows[0]?.n ?? 0) >= passageIds.length) return;
    } catch {
      // The writer has not created its tables yet.
    }
    if (Date.now() > deadline)
      throw new Error('invoice-writer did not write the back-billed lines within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
