/**
 * pnpm run doctor — is this machine ready, and is the platform healthy? Checks the tools,
 * the infra ports, the broker, the registry, PostgreSQL, the catalogue's topics and the
 * services' consumer lag, each under a timeout; every problem comes with what to do.
 * (`pnpm doctor` is pnpm's own command: run it as `pnpm run doctor`.)
 */
import { ConfigError, commonConfig, defineConfig, loadConfig } from '@overfly/config';
import { databaseTarget } from '@overfly/db';
import { parseDoctorArgs, USAGE, UsageError } from './doctor/args.js';
import { brokerCheck } from './doctor/broker.js';
import { formatResult, formatSummary, jsonReport } from './doctor/format.js';
import { lagCheck } from './doctor/lag.js';
import { portsCheck } from './doctor/ports.js';
import { postgresCheck } from './doctor/postgres.js';
import { registryCheck } from './doctor/registry.js';
import { runChecks } from './doctor/run.js';
import { discoverServices } from './doctor/services.js';
import { toolchainCheck } from './doctor/toolchain.js';
import { topicsCheck } from './doctor/topics.js';
import type { Check } from './doctor/types.js';
import { exitCodeOf } from './doctor/verdict.js';

const CHECKS: readonly Check[] = [
  toolchainCheck,
  portsCheck,
  brokerCheck,
  registryCheck,
  postgresCheck,
  topicsCheck,
  lagCheck,
];

const configSchema = defineConfig({
  OVERFLY_KAFKA_PORT: commonConfig.OVERFLY_KAFKA_PORT,
  OVERFLY_REGISTRY_PORT: commonConfig.OVERFLY_REGISTRY_PORT,
  OVERFLY_POSTGRES_PORT: commonConfig.OVERFLY_POSTGRES_PORT,
  KAFKA_BROKERS: commonConfig.KAFKA_BROKERS,
  SCHEMA_REGISTRY_URL: commonConfig.SCHEMA_REGISTRY_URL,
  DATABASE_URL: commonConfig.DATABASE_URL,
  TOPIC_PREFIX: commonConfig.TOPIC_PREFIX,
});

async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parseDoctorArgs>;
  try {
    args = parseDoctorArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`doctor: ${error.message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  let config: ReturnType<typeof loadConfig<typeof configSchema>>;
  try {
    config = loadConfig(configSchema);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const lines = error.issues.map((issue) => `✗ ${issue.variable}: ${issue.problem}`);
    if (args.json) {
      console.log(JSON.stringify({ ok: false, configuration: error.issues, checks: [] }, null, 2));
    } else {
      console.log(`Configuration\n${lines.map((l) => `  ${l}`).join('\n')}`);
      console.log('    → fix or unset the variable named above (README.md, Configuration)');
    }
    return 1;
  }
  const checks = CHECKS.filter((check) => args.only.includes(check.name));
  // Read once, outside the checks' timeouts: loading the services' config modules is
  // local work, and a busy machine should not make it look like a database that hangs.
  const needsServices = checks.some((check) => check.name === 'postgres' || check.name === 'lag');
  const ctx = {
    env: process.env,
    services: needsServices ? await discoverServices() : { groups: [], migrations: [] },
    brokers: [...config.KAFKA_BROKERS],
    registryUrl: config.SCHEMA_REGISTRY_URL,
    databaseUrl: config.DATABASE_URL,
    topicPrefix: config.TOPIC_PREFIX,
    timeoutMs: args.timeoutMs,
    maxLag: args.maxLag,
  };
  const endpoints = {
    KAFKA_BROKERS: ctx.brokers.join(','),
    SCHEMA_REGISTRY_URL: ctx.registryUrl,
    DATABASE_URL: databaseTarget(ctx.databaseUrl),
    TOPIC_PREFIX: ctx.topicPrefix,
  };
  if (!args.json) {
    console.log(
      Object.entries(endpoints)
        .map(([name, value]) => `${name}=${value || '(none)'}`)
        .join('  '),
    );
  }
  const results = await runChecks(checks, ctx, (result) => {
    if (!args.json) console.log(`\n${formatResult(result).join('\n')}`);
  });
  if (args.json) {
    console.log(jsonReport(results, { endpoints, timeoutMs: args.timeoutMs, maxLag: args.maxLag }));
  } else {
    console.log(`\n${formatSummary(results)}`);
  }
  return exitCodeOf(results);
}

main(process.argv.slice(2)).then(
  // Exit now: a client of a hung broker or database may hold the event loop open.
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`doctor: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
