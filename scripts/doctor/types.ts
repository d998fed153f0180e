/** What every check family of `pnpm run doctor` shares: findings, checks, their context. */

/** ✓ pass, ! warn (does not fail the run), ✗ fail; skip: a check it needs failed first. */
export type Status = 'pass' | 'warn' | 'fail' | 'skip';

/** One line of the report: what was looked at, what was found, and what to do about it. */
export interface Finding {
  status: Status;
  /** What was looked at: a tool, a port, a topic, a service. */
  subject: string;
  detail: string;
  /** One sentence: the command to run, the variable to set. Only when something is wrong. */
  advice?: string;
}

export const CHECK_NAMES = [
  'toolchain',
  'ports',
  'broker',
  'registry',
  'postgres',
  'topics',
  'lag',
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export interface DoctorContext {
  env: NodeJS.ProcessEnv;
  /** The services' groups and migrations (services.ts), read once before the checks run. */
  services: {
    groups: ReadonlyArray<{ service: string; variable: string; groupId: string }>;
    migrations: ReadonlyArray<{ service: string; dir: string; schema: string }>;
  };
  brokers: string[];
  registryUrl: string;
  databaseUrl: string;
  topicPrefix: string;
  /** Per check; a check that takes longer fails with "did not answer within". */
  timeoutMs: number;
  /** Records a group may be behind on a topic before the lag check fails. */
  maxLag: number;
  /** Registers what to close once the check ended (or timed out): admin clients, pools. */
  onClose(close: () => unknown): void;
}

export interface Check {
  name: CheckName;
  title: string;
  /** A check whose failure makes this one pointless (the topics need the broker). */
  needs?: CheckName;
  /** What a throw or a timeout is reported about (the broker's address); default the title. */
  target?: (ctx: DoctorContext) => string;
  /** What to do when the check throws or times out: the usual cause's remedy. */
  advice: (ctx: DoctorContext) => string;
  run(ctx: DoctorContext): Promise<Finding[]>;
}

export interface CheckResult {
  name: CheckName;
  title: string;
  /** The worst of its findings. */
  status: Status;
  durationMs: number;
  findings: Finding[];
}
