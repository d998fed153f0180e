/**
 * Every error this package raises, declared once: code, whether another attempt may
 * succeed, and what it means. The consumer loop and schedulers read `retriable`.
 */
export const dbErrors = {
  DB_UNAVAILABLE: {
    retriable: true,
    meaning: 'PostgreSQL did not answer or dropped the connection; the work is retried.',
  },
  DB_CONFLICT: {
    retriable: true,
    meaning: 'A serialization failure or deadlock aborted the transaction; it may be run again.',
  },
  DB_CONSTRAINT_VIOLATION: {
    retriable: false,
    meaning: 'A unique, foreign-key or check constraint refused the write.',
  },
  DB_QUERY_FAILED: {
    retriable: false,
    meaning: 'Any other error PostgreSQL reported for a statement (syntax, types, permissions).',
  },
  DB_MIGRATION_INVALID: {
    retriable: false,
    meaning:
      'A migration file is misnamed (not NNN_name.sql), numbered twice, or an applied one was edited.',
  },
  DB_MIGRATION_FAILED: {
    retriable: false,
    meaning: 'A migration file failed to apply; its transaction was rolled back.',
  },
} as const;

export type DbErrorCode = keyof typeof dbErrors;

export class DbError extends Error {
  readonly code: DbErrorCode;
  readonly retriable: boolean;
  /** PostgreSQL's SQLSTATE when the server raised it. */
  readonly sqlState: string | undefined;

  constructor(
    code: DbErrorCode,
    message: string,
    options?: { cause?: unknown; sqlState?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DbError';
    this.code = code;
    this.retriable = dbErrors[code].retriable;
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
