import { type CodeOf, defineErrors, OverflyError } from '@overfly/errors';

// Every failure `infra` can report, declared once as data. `retriable` says whether running
// the same command again, unchanged, could succeed (e.g. a slow first start on a busy machine).
export const infraErrors = defineErrors('INFRA', {
  JAVA_MISSING: {
    message:
      'java 17+ is required to run Kafka and the schema registry (install: apt-get install openjdk-17-jre-headless maven)',
    retriable: false,
  },
  MAVEN_MISSING: {
    message:
      'mvn is required once, to fetch Kafka and Apicurio Registry from Maven Central (install: apt-get install openjdk-17-jre-headless maven)',
    retriable: false,
  },
  GO_MISSING: {
    message:
      'no Go can build Mailpit and infra cannot fetch its own Go toolchain from the Go module proxy (that needs Linux on x64 or arm64, and python3 or unzip to unpack it; else install Go 1.21+ into /usr/local/go)',
    retriable: false,
  },
  DOWNLOAD_FAILED: {
    message:
      'fetching jars from Maven Central, or a Go toolchain or Mailpit from the Go module proxy, failed',
    retriable: true,
  },
  MAILPIT_UI_FAILED: {
    message:
      "building Mailpit's web page with npm failed; reported as a warning: Mailpit is built without the page, SMTP and the REST API work",
    retriable: true,
  },
  PORT_TAKEN: {
    message: 'a port Overfly needs is taken by a process that is not ours',
    retriable: false,
  },
  UNSUPPORTED_PLATFORM: {
    message: 'embedded PostgreSQL binaries are installed for linux-x64 only',
    retriable: false,
  },
  POSTGRES_INIT_FAILED: {
    message: 'initialising the PostgreSQL data directory failed',
    retriable: false,
  },
  EXITED: {
    message: 'the process exited while starting',
    retriable: false,
  },
  NOT_READY: {
    message: 'the process did not answer before its deadline',
    retriable: true,
  },
  STOP_FAILED: {
    message: 'the process did not stop, even after SIGKILL',
    retriable: true,
  },
  LOCKED: {
    message: 'another `infra up` or `infra down` held the lock for too long',
    retriable: true,
  },
});

export type InfraErrorCode = CodeOf<typeof infraErrors>;

export class InfraError extends OverflyError<InfraErrorCode> {
  override name = 'InfraError';

  constructor(code: InfraErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(infraErrors.entry(code), detail, options);
  }
}
