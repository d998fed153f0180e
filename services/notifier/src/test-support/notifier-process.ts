import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

const main = fileURLToPath(new URL('../main.ts', import.meta.url));

export interface NotifierProcess {
  child: ChildProcess;
  output(): string;
}

/**
 * The notifier as its own process (`node --import tsx src/main.ts`) on a test's topics and
 * schema, sending e-mail to the Mailpit the integration setup brought up.
 */
export function startNotifierProcess(
  prefix: string,
  schema: string,
  env: Record<string, string> = {},
): NotifierProcess {
  const infra = inject('infra');
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: {
      ...process.env,
      TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}notifier`,
      DATABASE_SCHEMA: schema,
      METRICS_PORT: '0',
      SMTP_HOST: infra.smtpHost,
      SMTP_PORT: String(infra.smtpPort),
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (d: Buffer) => {
    output += d.toString();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return { child, output: () => output };
}
