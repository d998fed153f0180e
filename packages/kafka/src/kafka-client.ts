import type { Kafka as KafkaClient, KafkaConfig, LogEntry } from 'kafkajs';
import { Kafka, logLevel } from './kafkajs.js';
import type { LoggerLike } from './logger.js';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  logger: LoggerLike;
  /** Seconds a connection attempt may take; kafkajs' 1 s default is tight on a loaded 2-core box. */
  connectionTimeoutMs?: number;
  /** kafkajs' own retries of a request or connection (default 4); a diagnosis wants few. */
  retries?: number;
}

/**
 * kafkajs' errors while the broker is away: each connection attempt logs one, several a
 * second. They are warnings (the runtime says once what waits for the broker, and readiness
 * shows it), and one a message a few seconds is enough to follow an outage.
 */
const BROKER_AWAY =
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|socket hang up|Connection (error|timeout|closed)|Closed connection|Failed to connect|broker not connected|No brokers? available|There is no leader|Restarting the consumer|Crash: KafkaJS|The coordinator is (loading|not available)|Request .* timed out|Failed to send messages|not the leader|leadership election|coordinator|NOT_COORDINATOR/i;
const REPEAT_WINDOW_MS = 5_000;

/** Builds the kafkajs client with its logs routed into our structured logger. */
export function createKafkaClient(options: KafkaClientOptions): KafkaClient {
  const log = options.logger.child({ component: 'kafkajs' });
  const lastSaid = new Map<string, { at: number; suppressed: number }>();
  const write = ({ level, log: entry }: { level: number; log: LogEntry['log'] }) => {
    // kafkajs puts the stack of the error it logs in `stack`: our logs carry no stack
    // traces (the message says what failed), least of all a dozen a second in an outage.
    const { message, stack: _stack, ...rest } = entry as LogEntry['log'] & { stack?: unknown };
    const fields: Record<string, unknown> = { ...rest, kafkajsNamespace: entry.namespace };
    const said = `${message} ${typeof rest.error === 'string' ? rest.error : ''}`;
    if (level <= logLevel.WARN && BROKER_AWAY.test(said)) {
      const key = `${entry.namespace}\u0000${message}`;
      const now = Date.now();
      const seen = lastSaid.get(key);
      if (seen && now - seen.at < REPEAT_WINDOW_MS) {
        seen.suppressed++;
        return;
      }
      if (seen?.suppressed) fields.repeatedSinceLast = seen.suppressed;
      lastSaid.set(key, { at: now, suppressed: 0 });
      if (lastSaid.size > 1_000) lastSaid.clear();
      log.warn(fields, message);
      return;
    }
    if (level <= logLevel.ERROR) log.error(fields, message);
    else if (level === logLevel.WARN) log.warn(fields, message);
    else if (level === logLevel.INFO) log.info(fields, message);
    else log.debug(fields, message);
  };
  const config: KafkaConfig = {
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: options.connectionTimeoutMs ?? 5_000,
    requestTimeout: 30_000,
    // Short: kafkajs' own retries (nested, per connection and per request) would otherwise
    // hide a broker outage for 20 s before the runtime's ride-out (which waits far longer,
    // and says what waits) hears of it.
    retry: { initialRetryTime: 250, retries: options.retries ?? 4, maxRetryTime: 2_000 },
    logLevel: logLevel.WARN,
    logCreator: () => write,
  };
  return new Kafka(config);
}
