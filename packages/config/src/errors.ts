// Every error this package raises, declared once. A test keeps README.md in sync.
export const configErrors = {
  CONFIG_INVALID: {
    message: 'Invalid configuration',
    // A bad environment does not fix itself: restarting with the same variables fails
    // the same way, so the service must exit and a person must change the variable.
    retriable: false,
  },
} as const satisfies Record<string, { message: string; retriable: boolean }>;

export type ConfigErrorCode = keyof typeof configErrors;

/** One problem with one variable. `received` is absent for secrets. */
export interface ConfigIssue {
  readonly variable: string;
  readonly problem: string;
  readonly received?: string;
}

export class ConfigError extends Error {
  readonly code: ConfigErrorCode = 'CONFIG_INVALID';
  readonly retriable = configErrors.CONFIG_INVALID.retriable;
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(formatIssues(issues));
    this.name = 'ConfigError';
    this.issues = Object.freeze([...issues]);
  }
}

export function formatIssue(issue: ConfigIssue): string {
  const got = issue.received === undefined ? '' : `, got ${issue.received}`;
  return `${issue.variable}: ${issue.problem}${got}`;
}

function formatIssues(issues: readonly ConfigIssue[]): string {
  const title = configErrors.CONFIG_INVALID.message;
  const [only] = issues;
  if (issues.length === 1 && only) return `${title}: ${formatIssue(only)}`;
  const lines = issues.map((issue) => `  - ${formatIssue(issue)}`);
  return `${title} (${issues.length} problems):\n${lines.join('\n')}`;
}
