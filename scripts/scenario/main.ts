/**
 * pnpm overfly scenario start <scenario> [--speed N|max] [--seed N] [--start ISO|now]
 * pnpm overfly scenario stop
 * pnpm overfly scenario status [--json]
 *
 * Writes the command in force to scenario.control, which flight-producer (simulate mode)
 * and ops-feed (mock mode) follow with SCENARIO_CONTROL=on: start a scenario (or switch to
 * it, stopping the one running), stop it, or say which is in force. The scenario is loaded
 * here first, so a name that does not exist never reaches the services. Reads KAFKA_BROKERS,
 * SCHEMA_REGISTRY_URL (or the local OVERFLY_*_PORT defaults) and TOPIC_PREFIX. Exit 0 done;
 * 2 bad usage or a scenario that does not load (nothing sent); 1 anything else.
 */
import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { kafkaEndpointsFromEnv } from '@overfly/config';
import { createKafkaRuntime, type KafkaRuntime } from '@overfly/kafka';
import {
  builtInNetworkScenarios,
  checkScenarioControl,
  describeScenarioCommand,
  loadScenario,
  SCENARIO_CONTROL_KEY,
  type ScenarioCommand,
  ScenarioError,
  scenarioControlRecord,
  simulatedTimeAt,
} from '@overfly/scenarios';
import type { ScenarioControl } from '@overfly/schemas';
import { parseScenarioArgs, type ScenarioRequest, usage } from './args.js';

export async function main(argv: string[]): Promise<number> {
  let request: ScenarioRequest;
  try {
    request = parseScenarioArgs(argv);
  } catch (error) {
    console.error(`scenario: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (request.action === 'help') {
    console.error(usage);
    return argv.length === 0 ? 2 : 0;
  }
  let command: ScenarioCommand | null = null;
  if (request.action !== 'status') {
    const prepared = commandOf(request);
    if (typeof prepared === 'string') {
      console.error(`scenario: ${prepared}`);
      return 2;
    }
    command = prepared;
  }
  const endpoints = kafkaEndpointsFromEnv();
  const runtime = createKafkaRuntime({
    ...endpoints,
    service: 'overfly-cli',
    topicPrefix: request.topicPrefix ?? endpoints.topicPrefix,
    outage: { toleranceMs: 15_000 },
  });
  try {
    await runtime.ensureTopics();
    if (command === null) return await status(runtime, request.action === 'status' && request.json);
    const producer = await runtime.producer();
    await producer.send('scenario.control', [
      { key: SCENARIO_CONTROL_KEY, value: scenarioControlRecord(command) },
    ]);
    console.log(
      `${command.action === 'START' ? 'started' : 'stop sent'}: ${describeScenarioCommand(command)} (command ${command.commandId})`,
    );
    return 0;
  } catch (error) {
    console.error(
      `scenario: ${(error as { code?: string }).code ?? 'ERROR'}: ${(error as Error).message}`,
    );
    return 1;
  } finally {
    await runtime.close();
  }
}

/** The command a start or stop asks for, or why it cannot be sent (the scenario does not load). */
function commandOf(
  request: Extract<ScenarioRequest, { action: 'start' | 'stop' }>,
): ScenarioCommand | string {
  const issuedAt = Date.now();
  const base = { commandId: randomUUID(), issuedAt, issuedBy: issuer() };
  if (request.action === 'stop') return { action: 'STOP', ...base };
  const startTime = request.start === 'now' ? issuedAt : request.start;
  try {
    // The services load it the same way: one that fails here would be refused there.
    loadScenario(request.scenario, {
      start: startTime,
      ...(request.seed === undefined ? {} : { seed: request.seed }),
    });
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    return `${error.code}: ${error.message}`;
  }
  if (!builtInNetworkScenarios().includes(request.scenario)) {
    console.error(
      `scenario: note: ${request.scenario} is not a built-in network scenario; if it is a flight-only scenario, ops-feed's mock mode serves nothing while it runs`,
    );
  }
  return {
    action: 'START',
    ...base,
    scenario: request.scenario,
    seed: request.seed,
    startTime,
    speed: request.speed,
  };
}

async function status(runtime: KafkaRuntime, json: boolean): Promise<number> {
  let latest: ScenarioControl | null = null;
  await runtime.readToEnd('scenario.control', (m) => {
    if (m.key === SCENARIO_CONTROL_KEY) latest = m.value;
  });
  const record = latest as ScenarioControl | null;
  if (record === null) {
    if (json) console.log(JSON.stringify({ command: null }));
    else
      console.log(
        "no command: the services play their environment's scenario (SCENARIO, OPS_FEED_SCENARIO)",
      );
    return 0;
  }
  let command: ScenarioCommand | null = null;
  let problem: string | null = null;
  try {
    command = checkScenarioControl(record);
  } catch (error) {
    problem = (error as Error).message;
  }
  const now = Date.now();
  const simulatedTime = command?.action === 'START' ? simulatedTimeAt(command, now) : null;
  if (json) {
    console.log(JSON.stringify({ command: record, simulatedTime, problem }));
    return 0;
  }
  const iso = (t: number) => new Date(t).toISOString();
  if (!command) {
    console.log(`latest command ${record.commandId} is refused by the services: ${problem}`);
    return 0;
  }
  console.log(`in force: ${describeScenarioCommand(command)}`);
  console.log(
    `command ${command.commandId}, issued by ${command.issuedBy} at ${iso(command.issuedAt)}`,
  );
  if (simulatedTime !== null) console.log(`simulated time now: ${iso(simulatedTime)}`);
  return 0;
}

function issuer(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (a container): the host says enough.
  }
  return `${user}@${hostname()}`;
}
