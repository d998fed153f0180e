import { type CodeOf, defineErrors, OverflyError } from '@overfly/errors';

/**
 * Every error this package raises, declared once. All come from the scenario document or
 * the caller's choices, so none is retriable: the same input fails the same way.
 */
export const scenarioErrors = defineErrors('SCENARIOS', {
  INVALID: {
    message: 'the scenario document is invalid',
    retriable: false,
  },
  NOT_FOUND: {
    message: 'no built-in scenario has that name and no file is at that path',
    retriable: false,
  },
  UNREADABLE: {
    message: 'the scenario file could not be read or is not JSON',
    retriable: false,
  },
  START_MISSING: {
    message: 'the scenario has no start time and the caller gave none',
    retriable: false,
  },
  CONTROL_INVALID: {
    message: 'the scenario.control command is invalid',
    retriable: false,
  },
  ADDRESS_SPACE_EXHAUSTED: {
    message: 'the scenario needs more synthetic icao24 addresses than the block holds',
    retriable: false,
  },
});

export type ScenarioErrorCode = CodeOf<typeof scenarioErrors>;

/** One problem of a document: where (`flights[2].origin`) and what. */
export interface ScenarioIssue {
  path: string;
  message: string;
}

export class ScenarioError extends OverflyError<ScenarioErrorCode> {
  override name = 'ScenarioError';
  /** For SCENARIOS_INVALID: every problem found, each naming its field. */
  readonly issues: readonly ScenarioIssue[];

  constructor(
    code: ScenarioErrorCode,
    detail?: string,
    options: { cause?: unknown; issues?: readonly ScenarioIssue[] } = {},
  ) {
    const issues = options.issues ?? [];
    const listed = issues.map(
      (i) => `\n  - ${i.path === '' ? '(document)' : i.path}: ${i.message}`,
    );
    const text = `${detail ?? ''}${listed.join('')}`;
    super(scenarioErrors.entry(code), text || undefined, { cause: options.cause });
    this.issues = issues;
  }
}
