// One-shot replay for tests, benches and operators: plays files into Kafka and exits,
// printing its counts as one JSON line. Exit 0 done, 2 bad usage / unknown format or
// missing file, 1 anything else. Brokers from KAFKA_BROKERS / SCHEMA_REGISTRY_URL.
import { kafkaEndpointsFromEnv } from '@overfly/config';
import { createKafkaRuntime } from '@overfly/kafka';
import { openTrajectory, TrajectoryError } from '@overfly/trajectories';
import { runReplay } from '../replay/run-replay.js';
import { kafkaSink } from '../replay/sink.js';
import { parseReplayArgs, USAGE, UsageError } from './args.js';

async function main(argv: readonly string[]): Promise<number> {
  let args: ReturnType<typeof parseReplayArgs>;
  try {
    args = parseReplayArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return 2;
  }
  try {
    // Every file exists and has a known format before anything touches Kafka.
    for (const file of args.options.files) await openTrajectory(file, args.options);
  } catch (error) {
    if (!(error instanceof TrajectoryError)) throw error;
    process.stderr.write(`${error.code}: ${error.message}\n`);
    return 2;
  }
  const runtime = createKafkaRuntime({
    ...kafkaEndpointsFromEnv(),
    service: 'flight-producer-replay',
    topicPrefix: args.topicPrefix,
  });
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const started = Date.now();
  try {
    await runtime.ensureTopics();
    const stats = await runReplay(args.options, {
      sink: kafkaSink(runtime),
      signal: controller.signal,
    });
    process.stdout.write(`${JSON.stringify({ ...stats, ms: Date.now() - started })}\n`);
    return 0;
  } catch (error) {
    if (error instanceof TrajectoryError) {
      process.stderr.write(`${error.code}: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`replay failed: ${String(error)}\n`);
    return 1;
  } finally {
    await runtime.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
