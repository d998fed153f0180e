// `pnpm infra:up | infra:down [--wipe] | infra:status [--json]`
import { InfraError } from './errors.js';
import { infraDown, infraStatus, infraUp } from './lifecycle.js';
import { infraStateDir } from './paths.js';
import { COMPONENTS, type Component } from './types.js';

const log = (line: string) => console.log(`infra: ${line}`);

function parseOnly(args: string[]): Component[] | undefined {
  const names = args.filter((arg) => !arg.startsWith('--'));
  if (names.length === 0) return undefined;
  for (const name of names) {
    if (!(COMPONENTS as readonly string[]).includes(name)) {
      throw new Error(`unknown component "${name}" (expected ${COMPONENTS.join(', ')})`);
    }
  }
  return names as Component[];
}

async function up(): Promise<void> {
  const since = Date.now();
  const { started, reused, endpoints } = await infraUp({ log });
  const took = ((Date.now() - since) / 1000).toFixed(1);
  log(
    `up in ${took} s (started: ${started.join(', ') || 'none'}; reused: ${reused.join(', ') || 'none'})`,
  );
  log(`KAFKA_BROKERS=${endpoints.kafkaBrokers.join(',')}`);
  log(`SCHEMA_REGISTRY_URL=${endpoints.registryUrl}`);
  log(`DATABASE_URL=${endpoints.postgresUrl}`);
  log(
    `SMTP ${endpoints.smtpHost}:${endpoints.smtpPort} (Mailpit; what it received: ${endpoints.mailpitUrl})`,
  );
}

async function status(json: boolean): Promise<boolean> {
  const rows = await infraStatus();
  if (json) {
    console.log(JSON.stringify(rows, null, 2));
  } else {
    const table = [
      ['component', 'pid', 'port', 'state', 'answers'],
      ...rows.map((row) => [
        row.component,
        row.pid === null ? '-' : String(row.pid),
        String(row.port),
        row.running ? 'running' : row.answering ? 'external' : 'stopped',
        row.answering ? 'yes' : 'no',
      ]),
    ];
    const widths = table[0]!.map((_, column) => Math.max(...table.map((r) => r[column]!.length)));
    for (const row of table) {
      console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));
    }
    console.log(`state: ${infraStateDir()}`);
  }
  return rows.every((row) => row.answering);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'up':
      await up();
      return 0;
    case 'down': {
      const only = parseOnly(args);
      await infraDown({ wipe: args.includes('--wipe'), log, ...(only ? { only } : {}) });
      return 0;
    }
    case 'status':
      return (await status(args.includes('--json'))) ? 0 : 3;
    default:
      console.error('usage: infra up | down [--wipe] [component...] | status [--json]');
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof InfraError) {
      console.error(`infra: ${error.code}: ${error.message}`);
    } else {
      console.error(
        `infra: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
    process.exitCode = 1;
  },
);
