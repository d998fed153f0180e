import { type CodeOf, defineErrors, OverflyError } from '@overfly/errors';

/**
 * Every error this package raises, declared once: code, whether another attempt may
 * succeed, and what it means. The consumer loop and schedulers read `retriable`.
 */
export const dbErrors = defineErrors('DB', {
  UNAVAILABLE: {
    message: 'PostgreSQL did not answer or dropped the connection',
    // The work is retried: the server or the network usually comes back.
    retriable: true,
  },
  CONFLICT: {
    message: 'a serialization failure or deadlock aborted the transaction',
    // Run again, the same transaction usually goes through.
    retriable: true,
  },
  CONSTRAINT_VIOLATION: {
    message: 'a unique, foreign-key or check constraint refused the write',
    retriable: false,
  },
  QUERY_FAILED: {
    message: 'PostgreSQL refused the statement (syntax, types, permissions)',
    retriable: false,
  },
  MIGRATION_INVALID: {
    message: 'a migration file is misnamed (not NNN_name.sql), numbered twice, or was edited',
    retriable: false,
  },
  MIGRATION_FAILED: {
    message: 'a migration failed to apply; its transaction was rolled back',
    retriable: false,
  },
});

export type DbErrorCode = CodeOf<typeof dbErrors>;

export class DbError extends OverflyError<DbErrorCode> {
  override name = 'DbError';
  /** PostgreSQL's SQLSTATE when the server raised it. */
  readonly sqlState: string | undefined;

  constructor(code: DbErrorCode, detail: string, options?: { cause?: unknown; sqlState?: string }) {
    super(dbErrors.entry(code), detail, { cause: options?.cause });
    this.sqlState = options?.sqlState;
  }
}

// SQLSTATE classes: https://www.postgresql.org/docs/current/errcodes-appendix.html
const CONNECTION_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
const CONFLICT_CODES = new Set(['40001', '40P01']);
const NODE_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
]);

/** Turns whatever pg threw into a DbError (a DbError passes through unchanged). */
export function toDbError(error: unknown): DbError {
  if (error instanceof DbError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string') {
    if (code.startsWith('08') || CONNECTION_CODES.has(code) || NODE_NETWORK_CODES.has(code))
      return new DbError('DB_UNAVAILABLE', message, { cause: error, sqlState: code });
    if (CONFLICT_CODES.has(code))
      return new DbError('DB_CONFLICT', message, { cause: error, sqlState: code });
    if (code.startsWith('23'))
      return new DbError('DB_CONSTRAINT_VIOLATION', message, { cause: error, sqlState: code });
    return new DbError('DB_QUERY_FAILED', message, { cause: error, sqlState: code });
  }
  if (/terminat|ECONN|timeout|Connection/i.test(message))
    return new DbError('DB_UNAVAILABLE', message, { cause: error });
  return new DbError('DB_QUERY_FAILED', message, { cause: error });
}
