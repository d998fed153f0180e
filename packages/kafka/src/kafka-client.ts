import type { Kafka as KafkaClient, KafkaConfig } from 'kafkajs';
import { Kafka, logLevel } from './kafkajs.js';
import type { LoggerLike } from './logger.js';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  logger: LoggerLike;
  /** Seconds a connection attempt may take; kafkajs' 1 s default is tight on a loaded 2-core box. */
  connectionTimeoutMs?: number;
}

/** Builds the kafkajs client with its logs routed into our structured logger. */
export function createKafkaClient(options: KafkaClientOptions): KafkaClient {
  const log = options.logger.child({ component: 'kafkajs' });
  const config: KafkaConfig = {
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: options.connectionTimeoutMs ?? 5_000,
    requestTimeout: 30_000,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }) => {
        const { message, ...rest } = entry;
        const fields = { ...rest, kafkajsNamespace: entry.namespace };
        if (level <= logLevel.ERROR) log.error(fields, message);
        else if (level === logLevel.WARN) log.warn(fields, message);
        else if (level === logLevel.INFO) log.info(fields, message);
        else log.debug(fields, message);
      },
  };
  return new Kafka(config);
}
