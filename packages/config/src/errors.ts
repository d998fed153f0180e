import { type CodeOf, defineErrors, OverflyError } from '@overfly/errors';

// Every error this package raises, declared once. A test keeps README.md in sync.
export const configErrors = defineErrors('CONFIG', {
  INVALID: {
    message: 'Invalid configuration',
    // A bad environment does not fix itself: restarting with the same variables fails
    // the same way, so the service must exit and a person must change the variable.
    retriable: false,
  },
});

export type ConfigErrorCode = CodeOf<typeof configErrors>;

/** One problem with one variable. `received` is absent for secrets. */
export interface ConfigIssue {
  readonly variable: string;
  readonly problem: string;
  readonly received?: string;
}

export class ConfigError extends OverflyError<ConfigErrorCode> {
  override name = 'ConfigError';
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    const [only] = issues;
    const single = issues.length === 1 && only ? formatIssue(only) : undefined;
    super(configErrors.entry('CONFIG_INVALID'), single);
    // Several problems read better as a counted list under the title than after a colon.
    if (single === undefined) this.message = formatList(issues);
    this.issues = Object.freeze([...issues]);
  }
}

export function formatIssue(issue: ConfigIssue): string {
  const got = issue.received === undefined ? '' : `, got ${issue.received}`;
  return `${issue.variable}: ${issue.problem}${got}`;
}

function formatList(issues: readonly ConfigIssue[]): string {
  const title = configErrors.entry('CONFIG_INVALID').message;
  const lines = issues.map((issue) => `  - ${formatIssue(issue)}`);
  return `${title} (${issues.length} problems):\n${lines.join('\n')}`;
}
