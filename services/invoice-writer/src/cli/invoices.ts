/**
 * pnpm overfly invoices [--operator ICAO] [--limit N] [--lines]
 *
 * The invoices and credit notes invoice-writer has issued, newest first, as JSON lines: number,
 * operator, period, total, due date and status (ISSUED, OVERDUE, …); with --lines, each
 * invoice's lines with where every figure came from (MTOW row, unit-rate and exchange-rate
 * sources). Reads DATABASE_URL and DATABASE_SCHEMA as the service does.
 */
import { parseArgs } from 'node:util';
import { createPool } from '@overfly/db';
import { loadWriterConfig } from '../config.js';
import { invoiceLines, listInvoices } from '../invoice-listing.js';

const usage = 'usage: pnpm overfly invoices [--operator ICAO] [--limit N] [--lines]';

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    console.error(`invoices: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  const { values } = parsed;
  if (values.help) {
    console.error(usage);
    return 0;
  }
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit <= 0) {
    console.error(`--limit: expected a positive whole number, got ${values.limit}`);
    return 2;
  }
  const config = loadWriterConfig();
  const pool = createPool({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, max: 2 });
  try {
    for (const invoice of await listInvoices(pool, { operator: values.operator, limit })) {
      const lines = values.lines ? await invoiceLines(pool, invoice.invoiceNumber) : undefined;
      console.log(JSON.stringify(lines ? { ...invoice, lines } : invoice));
    }
    return 0;
  } finally {
    await pool.end();
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      operator: { type: 'string' },
      limit: { type: 'string', default: '20' },
      lines: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
}
