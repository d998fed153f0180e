import { type LoggerLike, silentLogger } from '@overfly/kafka';

export interface ShutdownOptions {
  /** What to close, in order: consumer loops before producers, producers before pools. */
  steps: ReadonlyArray<{ name: string; close: () => Promise<void> }>;
  deadlineMs: number;
  logger?: LoggerLike;
  /** Injected in tests; `process.exit` otherwise. */
  exit?: (code: number) => void;
  signals?: readonly NodeJS.Signals[];
}

/**
 * On SIGTERM or SIGINT: run the close steps in order (the consumer finishes its batch and
 * commits), then exit 0; past the deadline exit 1 with the step that hung named. A second
 * signal exits at once. Returns a function that runs the same shutdown programmatically.
 */
export function installGracefulShutdown(options: ShutdownOptions): () => Promise<void> {
  const log = options.logger ?? silentLogger;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  let running: Promise<void> | undefined;
  let current = 'nothing';

  const shutdown = () => {
    running ??= (async () => {
      const timer = setTimeout(() => {
        log.error(
          { step: current, deadlineMs: options.deadlineMs },
          `shutdown deadline passed while closing ${current}`,
        );
        exit(1);
      }, options.deadlineMs);
      // Not unref'd: a step hanging on a promise with no open handle must still hit the
      // deadline and exit 1, not let the process drift out with code 0.
      let code = 0;
      for (const step of options.steps) {
        current = step.name;
        try {
          await step.close();
        } catch (error) {
          code = 1;
          log.error({ step: step.name, error: String(error) }, 'shutdown step failed');
        }
      }
      clearTimeout(timer);
      log.info({ code }, 'shut down');
      exit(code);
    })();
    return running;
  };

  for (const signal of signals) {
    process.on(signal, () => {
      if (running) {
        log.warn({ signal }, 'second signal: exiting now');
        exit(130);
        return;
      }
      log.info({ signal }, 'shutting down');
      void shutdown();
    });
  }
  return shutdown;
}
