// Following scenario.control: the command in force for the simulated world, which
// flight-producer (simulate) and ops-feed (mock) both obey so they play one day. The
// controller is the reaction logic without Kafka (tests drive it with records); the follower
// reads the compacted topic at start-up and then follows it.
import { type ConsumerLoop, type KafkaRuntime, RejectedMessageError } from '@overfly/kafka';
import type { Logger } from '@overfly/observability';
import type { ScenarioControl } from '@overfly/schemas';

/** One scenario playing in a service. */
export interface ScenarioRun {
  /** Resolves when the run has ended, by itself or stopped; never rejects. */
  readonly ended: Promise<void>;
  /** Stops the run (a switch or a STOP) and resolves once it has cleaned up after itself. */
  stop(): Promise<void>;
}

export interface ScenarioControllerOptions<P> {
  logger: Logger;
  /**
   * Checks the record and loads what it names, before anything stops: 'stop' for a STOP,
   * else what `start` needs. Throws (an error with a string `code`) to refuse it; what runs
   * then keeps running.
   */
  prepare(record: ScenarioControl): P | 'stop';
  /** Starts a prepared run; called only once the previous run has stopped. */
  start(prepared: P, record: ScenarioControl): ScenarioRun;
}

export type ControlOutcome =
  | { kind: 'started' | 'switched' | 'stopped' | 'duplicate' | 'closed' }
  | { kind: 'refused'; code: string; message: string };

export interface ControlStatus {
  /** The command applied last, or null: none yet (the service plays its environment's scenario). */
  commandId: string | null;
  state: 'idle' | 'running' | 'finished';
}

export interface ScenarioController {
  /** Applies one record: refused, a duplicate of the one applied, or stop-then-start. */
  apply(record: ScenarioControl): Promise<ControlOutcome>;
  /**
   * The command in force at start-up, from the records read (oldest first): the latest one
   * that prepares is applied, refused ones are logged. False when there is none (the
   * service then plays its environment's scenario, as without control).
   */
  applyLatest(records: readonly ScenarioControl[]): Promise<boolean>;
  /** Adopts a run the service started itself (its environment's scenario). */
  adopt(run: ScenarioRun): void;
  status(): ControlStatus;
  /** Stops what runs; every later record is ignored (shutdown). */
  close(): Promise<void>;
}

export function createScenarioController<P>(
  options: ScenarioControllerOptions<P>,
): ScenarioController {
  const { logger } = options;
  let current: { run: ScenarioRun; finished: boolean } | null = null;
  let commandId: string | null = null;
  let closed = false;

  const track = (run: ScenarioRun) => {
    const entry = { run, finished: false };
    current = entry;
    void run.ended.then(() => {
      entry.finished = true;
    });
  };
  const stopCurrent = async () => {
    const running = current;
    current = null;
    if (running && !running.finished) await running.run.stop();
  };
  const refused = (record: ScenarioControl, error: unknown): ControlOutcome => {
    const code = String((error as { code?: unknown }).code ?? 'SCENARIO_CONTROL_REFUSED');
    const message = error instanceof Error ? error.message : String(error);
    logger.error(
      {
        commandId: record.commandId,
        action: record.action,
        scenario: record.scenario,
        code,
        error: message,
      },
      'scenario.control command refused; what runs keeps running',
    );
    return { kind: 'refused', code, message };
  };

  const apply = async (record: ScenarioControl): Promise<ControlOutcome> => {
    if (closed) return { kind: 'closed' };
    if (record.commandId === commandId) return { kind: 'duplicate' };
    let prepared: P | 'stop';
    try {
      prepared = options.prepare(record);
    } catch (error) {
      return refused(record, error);
    }
    const wasRunning = current !== null && !current.finished;
    await stopCurrent();
    commandId = record.commandId;
    if (closed) return { kind: 'closed' };
    if (prepared === 'stop') {
      logger.info({ commandId: record.commandId, issuedBy: record.issuedBy }, 'scenario stopped');
      return { kind: 'stopped' };
    }
    track(options.start(prepared, record));
    return { kind: wasRunning ? 'switched' : 'started' };
  };

  return {
    apply,
    async applyLatest(records) {
      for (let i = records.length - 1; i >= 0; i--) {
        const outcome = await apply(records[i]!);
        if (outcome.kind !== 'refused') return outcome.kind !== 'closed';
      }
      return false;
    },
    adopt(run) {
      track(run);
    },
    status() {
      const state = current === null ? 'idle' : current.finished ? 'finished' : 'running';
      return { commandId, state };
    },
    async close() {
      closed = true;
      await stopCurrent();
    },
  };
}

/**
 * Reads scenario.control to its end and applies the command in force (or calls
 * `noCommand`), then follows the topic: each new record goes to the controller, and one it
 * refuses is dead-lettered with its code. Each instance reads with a group of its own
 * (`groupId`): the topic is a broadcast, every follower must see every record.
 */
export async function followScenarioControl(options: {
  runtime: KafkaRuntime;
  logger: Logger;
  controller: ScenarioController;
  groupId: string;
  /** The records' key (SCENARIO_CONTROL_KEY of @overfly/scenarios); others are ignored. */
  key: string;
  /** No command in force: play the environment's scenario. */
  noCommand(): void;
}): Promise<ConsumerLoop> {
  const { runtime, logger, controller, key } = options;
  let records: ScenarioControl[] = [];
  const readUpTo = new Map<number, bigint>();
  await runtime.readToEnd('scenario.control', (m) => {
    readUpTo.set(m.partition, BigInt(m.offset));
    if (m.key !== key) return;
    // A tombstone withdraws every command before it.
    if (m.value === null) records = [];
    else records.push(m.value);
  });
  if (!(await controller.applyLatest(records))) options.noCommand();
  return runtime.consume({
    groupId: options.groupId,
    topics: ['scenario.control'],
    fromBeginning: true,
    handle: async (m) => {
      // Read at start-up already: the command in force was applied from there.
      if (BigInt(m.offset) <= (readUpTo.get(m.partition) ?? -1n)) return;
      if (m.key !== key || m.value === null) {
        logger.warn(
          { topic: m.topic, partition: m.partition, offset: m.offset, key: m.key },
          'scenario.control record ignored: not a command for the simulation',
        );
        return;
      }
      const outcome = await controller.apply(m.value);
      if (outcome.kind === 'refused') throw new RejectedMessageError(outcome.code, outcome.message);
    },
  });
}
