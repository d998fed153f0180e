/**
 * Loads something an operator configured (a tariff, a FIR file, a scenario) or stops the
 * process with one line naming the service, what failed, and the error's code: a bad file
 * is an operator's mistake, and a stack trace in a crash loop helps nobody.
 */
export function loadOrExit<T>(
  service: string,
  what: string,
  load: () => T,
  exit: (code: number) => never = (code) => process.exit(code),
): T {
  try {
    return load();
  } catch (error) {
    process.stderr.write(`${service}: cannot load ${what}: ${describeError(error)}\n`);
    return exit(1);
  }
}

/** `CODE: message` when the error carries a string code, else the message. */
export function describeError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}
