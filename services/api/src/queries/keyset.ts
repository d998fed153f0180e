import type { Queryable } from '@overfly/db';
import { encodeCursor } from '../server/cursor.js';

/** A `WHERE` clause built from the filters given (undefined ones left out), with its parameters. */
export class Where {
  readonly params: unknown[] = [];
  private readonly clauses: string[] = [];

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** column = value */
  eq(column: string, value: string | number | boolean | undefined): this {
    if (value !== undefined) this.clauses.push(`${column} = ${this.param(value)}`);
    return this;
  }

  /** column >= value */
  atLeast(column: string, value: number | undefined): this {
    if (value !== undefined) this.clauses.push(`${column} >= ${this.param(value)}`);
    return this;
  }

  /** column > value */
  above(column: string, value: number | string | null | undefined): this {
    if (value !== undefined && value !== null)
      this.clauses.push(`${column} > ${this.param(value)}`);
    return this;
  }

  /** column < value */
  before(column: string, value: number | undefined): this {
    if (value !== undefined) this.clauses.push(`${column} < ${this.param(value)}`);
    return this;
  }

  /** A condition written out (its values through `param`). */
  clause(sql: string): this {
    this.clauses.push(sql);
    return this;
  }

  /** Rows after the keyset cursor, newest first: (at, id) < (after.at, after.id). */
  after(key: readonly [string, string], after: { at: number; id: string } | null): this {
    if (after)
      this.clauses.push(
        `(${key[0]}, ${key[1]}) < (${this.param(after.at)}, ${this.param(after.id)})`,
      );
    return this;
  }

  toString(): string {
    return this.clauses.length > 0 ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

/**
 * One page, newest first by (at, id): `query` gets the WHERE clause and the LIMIT
 * parameter (one more row than the page, to know whether another follows); `keyOf` gives
 * a row's sort key for the next page's cursor.
 */
export async function keysetPage<R extends object, T>(
  db: Queryable,
  where: Where,
  limit: number,
  query: (where: string, limitParam: string) => string,
  map: (row: R) => T,
  keyOf: (item: T) => readonly [number, string],
): Promise<{ items: T[]; next: string | null }> {
  const limitParam = where.param(limit + 1);
  const { rows } = await db.query<R>(query(String(where), limitParam), where.params);
  const items = rows.slice(0, limit).map(map);
  const last = items[items.length - 1];
  return {
    items,
    next: rows.length > limit && last ? encodeCursor(...keyOf(last)) : null,
  };
}
