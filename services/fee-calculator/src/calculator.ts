import { startChangelogRunner } from '@overfly/changelog';
import { type ChargesError, type PricingSetup, validateCrossing } from '@overfly/charges';
import type { KafkaRuntime, LoggerLike, MessageOf, PositionedBatch } from '@overfly/kafka';
import type { ChargeCalculated } from '@overfly/schemas';
import { PassagePartition } from './passage-state.js';
import { chargeRecord } from './pricer.js';

export interface CalculatorOptions {
  runtime: KafkaRuntime;
  groupId: string;
  pricing: PricingSetup;
  /** How long (event time) after its last crossing a flight's passages are remembered. */
  passageRetentionMs: number;
  checkpointIntervalMs: number;
  restoreTimeoutMs: number;
  sessionTimeoutMs?: number | undefined;
  logger: LoggerLike;
  now?: () => number;
  /** Told of every charge sent and every crossing refused: the service's metrics. */
  observer?: {
    /** Crossings taken in from fir.crossings (tombstones aside): what lag is measured in. */
    taken(count: number): void;
    priced(charge: ChargeCalculated): void;
    refused(code: string): void;
  };
  /** Failing to make progress durable: restart from the last checkpoint (default: exit 1). */
  onFatal?: (error: unknown) => void;
}

export interface Calculator {
  readonly trackedFlights: number;
  stop(): Promise<void>;
}

/**
 * fir.crossings → charges.calculated, one charge per charging-zone passage: each partition's
 * PassageAssembler collects a flight's FINAL crossings in one zone and prices the passage
 * when it ends. Its per-flight state is checkpointed to fee-calculator.state in step with
 * the input offsets (@overfly/changelog), so a SIGKILL neither loses a passage nor prices
 * one twice. A crossing that cannot be a real one is refused to dead.letter with its reason.
 */
export async function startFeeCalculator(options: CalculatorOptions): Promise<Calculator> {
  const { runtime, logger, pricing } = options;
  const now = options.now ?? Date.now;
  const producer = await runtime.producer();
  const zoneOf = (firId: string) => pricing.tariff.zoneOf(firId)?.zone ?? null;

  /** Through the batch: a crossing redelivered after a restart is not refused twice. */
  const refuse = async (
    batch: PositionedBatch<'fir.crossings'>,
    m: MessageOf<'fir.crossings'>,
    error: unknown,
  ) => {
    const code = (error as Partial<ChargesError>).code ?? 'CHARGES_CROSSING_INVALID';
    const message = error instanceof Error ? error.message : String(error);
    logger.warn(
      { partition: m.partition, offset: m.offset, key: m.key, code },
      `crossing refused: ${message}`,
    );
    options.observer?.refused(code);
    await batch.reject(m, { code, message });
  };

  const runner = await startChangelogRunner({
    runtime,
    logger,
    groupId: options.groupId,
    input: 'fir.crossings',
    changelog: 'fee-calculator.state',
    createPartition: (partition) =>
      new PassagePartition(partition, options.groupId, {
        zoneOf,
        retentionMs: options.passageRetentionMs,
      }),
    process: async (batch, partition) => {
      const at = now();
      const charges = [];
      let taken = 0;
      for (const m of batch.messages) {
        const crossing = m.value;
        if (crossing === null) continue;
        taken++;
        try {
          validateCrossing(crossing, at);
        } catch (error) {
          await refuse(batch, m, error);
          continue;
        }
        for (const passage of partition.accept(Number(m.offset), crossing))
          charges.push(chargeRecord(passage, pricing, at));
      }
      await producer.send('charges.calculated', charges);
      for (const c of charges) if (c.value) options.observer?.priced(c.value);
      options.observer?.taken(taken);
    },
    checkpointIntervalMs: options.checkpointIntervalMs,
    restoreTimeoutMs: options.restoreTimeoutMs,
    ...(options.sessionTimeoutMs === undefined
      ? {}
      : { sessionTimeoutMs: options.sessionTimeoutMs }),
    onFatal:
      options.onFatal ??
      ((error: unknown) => {
        logger.error(
          { error: String(error) },
          'cannot make progress durable; exiting to restart from the last checkpoint',
        );
        process.exit(1);
      }),
  });

  return {
    get trackedFlights() {
      let n = 0;
      for (const p of runner.partitions()) n += p.assembler.trackedFlights;
      return n;
    },
    stop: () => runner.stop(),
  };
}
