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

// What "the database is away" looks like: the server is stopping or starting, the connection
// broke, or nothing answers at the address. Another attempt on a new connection succeeds once
// it is back, so none of these is ever the fault of the work that met it.
// SQLSTATE classes: https://www.postgresql.org/docs/current/errcodes-appendix.html
const AWAY_SQLSTATES: Readonly<Record<string, string>> = {
  '57P01': 'admin_shutdown',
  '57P02': 'crash_shutdown',
  '57P03': 'cannot_connect_now',
  '57P05': 'idle_session_timeout',
  '53300': 'too_many_connections',
};
/** Class 08, connection exception: every code of it means the connection is unusable. */
const CONNECTION_EXCEPTION_CLASS = '08';
const AWAY_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
/**
 * pg's own words for a connection that ended or never came, which carry no code: "Connection
 * terminated unexpectedly", "timeout exceeded when trying to connect", "Client has encountered
 * a connection error and is not queryable".
 */
const AWAY_MESSAGE = /terminat|ECONN|timeout|connection error|Connection/i;
const CONFLICT_CODES = new Set(['40001', '40P01']);

/** Turns whatever pg threw into a DbError (a DbError passes through unchanged). */
export function toDbError(error: unknown): DbError {
  if (error instanceof DbError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string') {
    if (isAwayCode(code))
      return new DbError('DB_UNAVAILABLE', message, { cause: error, sqlState: code });
    if (CONFLICT_CODES.has(code))
      return new DbError('DB_CONFLICT', message, { cause: error, sqlState: code });
    if (code.startsWith('23'))
      return new DbError('DB_CONSTRAINT_VIOLATION', message, { cause: error, sqlState: code });
    return new DbError('DB_QUERY_FAILED', message, { cause: error, sqlState: code });
  }
  if (AWAY_MESSAGE.test(message)) return new DbError('DB_UNAVAILABLE', message, { cause: error });
  return new DbError('DB_QUERY_FAILED', message, { cause: error });
}

function isAwayCode(code: string): boolean {
  return (
    code.startsWith(CONNECTION_EXCEPTION_CLASS) || code in AWAY_SQLSTATES || AWAY_ERRNOS.has(code)
  );
}

/**
 * True when `error` says the database is away (stopping, starting, unreachable, or the
 * connection broke), not that the work is wrong: waiting and trying again is the answer,
 * never giving the work up. Reads pg's errors, Node's, and a DbError with its cause (a
 * failed migration that met a lost connection is this too).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e !== null && e !== undefined && depth < 5; depth++) {
    if (e instanceof DbError) {
      if (e.code === 'DB_UNAVAILABLE') return true;
    } else if (typeof e === 'object') {
      const code = (e as { code?: unknown }).code;
      if (typeof code === 'string') {
        if (isAwayCode(code)) return true;
      } else if (isPgOrNetworkError(e) && toDbError(e).code === 'DB_UNAVAILABLE') return true;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Why the database is away, in a few words for a log line: `ECONNREFUSED`,
 * `57P01 admin_shutdown`, or pg's message ("Connection terminated unexpectedly").
 */
export function unavailableReason(error: unknown): string {
  for (let e: unknown = error, depth = 0; e !== null && e !== undefined && depth < 5; depth++) {
    const code = e instanceof DbError ? e.sqlState : (e as { code?: unknown }).code;
    if (typeof code === 'string' && isAwayCode(code)) {
      const name = AWAY_SQLSTATES[code];
      return name === undefined ? code : `${code} ${name}`;
    }
    e = (e as { cause?: unknown }).cause;
  }
  const root = rootCause(error);
  return root instanceof Error ? root.message : String(root);
}

function rootCause(error: unknown): unknown {
  let e = error;
  for (let depth = 0; depth < 5; depth++) {
    const cause = (e as { cause?: unknown } | null)?.cause;
    if (cause === undefined || cause === null) return e;
    e = cause;
  }
  return e;
}

/** An Error pg or the network raised (not an application's own throw that happens to say "connection"). */
function isPgOrNetworkError(error: unknown): boolean {
  return error instanceof Error && error.constructor === Error;
}
