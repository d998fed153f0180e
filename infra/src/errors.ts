// Every failure `infra` can report, declared once as data. `retriable` says whether running
// the same command again, unchanged, could succeed (e.g. a slow first start on a busy machine).
export const INFRA_ERRORS = {
  OVERFLY_INFRA_JAVA_MISSING: {
    message:
      'java 17+ is required to run Kafka and the schema registry (install: apt-get install openjdk-17-jre-headless maven)',
    retriable: false,
  },
  OVERFLY_INFRA_MAVEN_MISSING: {
    message:
      'mvn is required once, to fetch Kafka and Apicurio Registry from Maven Central (install: apt-get install openjdk-17-jre-headless maven)',
    retriable: false,
  },
  OVERFLY_INFRA_DOWNLOAD_FAILED: {
    message: 'fetching jars from Maven Central failed',
    retriable: true,
  },
  OVERFLY_INFRA_PORT_TAKEN: {
    message: 'a port Overfly needs is taken by a process that is not ours',
    retriable: false,
  },
  OVERFLY_INFRA_UNSUPPORTED_PLATFORM: {
    message: 'embedded PostgreSQL binaries are installed for linux-x64 only',
    retriable: false,
  },
  OVERFLY_INFRA_POSTGRES_INIT_FAILED: {
    message: 'initialising the PostgreSQL data directory failed',
    retriable: false,
  },
  OVERFLY_INFRA_EXITED: {
    message: 'the process exited while starting',
    retriable: false,
  },
  OVERFLY_INFRA_NOT_READY: {
    message: 'the process did not answer before its deadline',
    retriable: true,
  },
  OVERFLY_INFRA_STOP_FAILED: {
    message: 'the process did not stop, even after SIGKILL',
    retriable: true,
  },
  OVERFLY_INFRA_LOCKED: {
    message: 'another `infra up` or `infra down` held the lock for too long',
    retriable: true,
  },
} as const satisfies Record<string, { message: string; retriable: boolean }>;

export type InfraErrorCode = keyof typeof INFRA_ERRORS;

export class InfraError extends Error {
  readonly code: InfraErrorCode;
  readonly retriable: boolean;

  constructor(code: InfraErrorCode, detail?: string, options?: { cause?: unknown }) {
    const base = INFRA_ERRORS[code].message;
    super(detail ? `${base}: ${detail}` : base, options);
    this.name = 'InfraError';
    this.code = code;
    this.retriable = INFRA_ERRORS[code].retriable;
  }
}
