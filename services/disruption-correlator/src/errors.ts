import { type CodeOf, defineErrors } from '@overfly/errors';

// Every code disruption-correlator gives a failure itself. An input it refuses goes to
// dead.letter with one of the first four (none retriable: the same record fails the same
// way); STATE_INVALID stops the service; SPLIT_ASSIGNMENT is logged while it waits for all
// its inputs. README.md lists them; errors.test.ts keeps the two in sync.
export const disruptionCorrelatorErrors = defineErrors('DISRUPTION_CORRELATOR', {
  MISSING_ID: {
    message:
      'an input lacks an id the correlator needs (flight id, icao24, event id, scheduleId, station, manifest id)',
    retriable: false,
  },
  TIME_IN_FUTURE: {
    message: 'an input says it happened further ahead of the clock than MAX_FUTURE allows',
    retriable: false,
  },
  TIME_INVALID: {
    message:
      'an input has an impossible time (before 2000, or a scheduled arrival before its departure)',
    retriable: false,
  },
  UNKNOWN_AIRPORT: {
    message: 'an input names an aerodrome that is not in the airport table',
    retriable: false,
  },
  STATE_INVALID: {
    message: 'the latest snapshot in disruption-correlator.state is incomplete or unreadable',
    retriable: false,
  },
  SPLIT_ASSIGNMENT: {
    message:
      'the group gave this instance only part of the input partitions (a second instance is running)',
    retriable: true,
  },
});

export type DisruptionCorrelatorErrorCode = CodeOf<typeof disruptionCorrelatorErrors>;

/**
 * A failure of the correlator's own, with its code and whether trying again may help (from
 * the catalogue): an input refused for good, a snapshot that cannot be restored, an
 * assignment it will not run on.
 */
export class CorrelatorError extends Error {
  readonly code: DisruptionCorrelatorErrorCode;
  readonly retriable: boolean;

  constructor(code: DisruptionCorrelatorErrorCode, message: string) {
    super(message);
    this.name = 'CorrelatorError';
    this.code = code;
    this.retriable = disruptionCorrelatorErrors.entry(code).retriable;
  }
}
