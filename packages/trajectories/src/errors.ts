import { type CodeOf, defineErrors, OverflyError } from '@overfly/errors';

/**
 * Errors about a whole file (row problems are data: see `RowReason` in types.ts). Declared
 * once; README's "Error codes" table lists each, and errors.test.ts keeps them in sync.
 */
export const trajectoryErrors = defineErrors('TRAJECTORIES', {
  FILE_NOT_FOUND: {
    message: 'the trajectory file does not exist or is not a file',
    retriable: false,
  },
  FILE_UNREADABLE: {
    message: 'the trajectory file could not be read (I/O error or corrupt gzip)',
    retriable: false,
  },
  FILE_UNPARSEABLE: {
    message: 'the file as a whole is not valid for its format (no row could be recovered)',
    retriable: false,
  },
  UNKNOWN_FORMAT: {
    message: 'the trajectory format could not be recognised; name it with --format',
    retriable: false,
  },
});

export type TrajectoryErrorCode = CodeOf<typeof trajectoryErrors>;

export class TrajectoryError extends OverflyError<TrajectoryErrorCode> {
  override name = 'TrajectoryError';

  constructor(code: TrajectoryErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(trajectoryErrors.entry(code), detail, options);
  }
}
