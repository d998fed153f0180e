import type { Queryable } from '@overfly/db';

/**
 * Takes the next number of `series` in `year`. The upsert locks the series row until the
 * issuing transaction ends, so concurrent issuers queue, and a rollback returns the number:
 * numbers stay gapless.
 */
export async function takeNumber(client: Queryable, series: string, year: number): Promise<string> {
  const { rows } = await client.query<{ n: number }>(
    `INSERT INTO invoice_number_series (series, year, last_number) VALUES ($1, $2, 1)
     ON CONFLICT (series, year) DO UPDATE SET last_number = invoice_number_series.last_number + 1
     RETURNING last_number AS n`,
    [series, year],
  );
  const n = rows[0]!.n;
  return `${series}-${year}-${String(n).padStart(6, '0')}`;
}
