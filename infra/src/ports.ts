import net from 'node:net';
import type { InfraEndpoints } from './types.js';

export interface InfraPorts {
  postgres: number;
  kafka: number;
  kafkaController: number;
  registry: number;
  /** Mailpit's SMTP server, where services send mail. */
  smtp: number;
  /** Mailpit's HTTP server: web page and REST API of what was sent. */
  mailpit: number;
}

export const PORT_ENV = {
  postgres: 'OVERFLY_POSTGRES_PORT',
  kafka: 'OVERFLY_KAFKA_PORT',
  kafkaController: 'OVERFLY_KAFKA_CONTROLLER_PORT',
  registry: 'OVERFLY_REGISTRY_PORT',
  smtp: 'OVERFLY_SMTP_PORT',
  mailpit: 'OVERFLY_MAILPIT_PORT',
} as const satisfies Record<keyof InfraPorts, string>;

const DEFAULT_PORTS: InfraPorts = {
  postgres: 5432,
  kafka: 9092,
  kafkaController: 9093,
  registry: 8081,
  // Mailpit's own defaults.
  smtp: 1025,
  mailpit: 8025,
};

export const HOST = '127.0.0.1';
export const POSTGRES_USER = 'overfly';
export const POSTGRES_PASSWORD = 'overfly';
export const POSTGRES_DATABASES = ['overfly', 'apicurio'] as const;

function portFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name} must be a TCP port (1-65535), got "${raw}"`);
  }
  return port;
}

export function infraPorts(env: NodeJS.ProcessEnv = process.env): InfraPorts {
  const ports = { ...DEFAULT_PORTS };
  for (const key of Object.keys(PORT_ENV) as Array<keyof InfraPorts>) {
    ports[key] = portFrom(env, PORT_ENV[key], DEFAULT_PORTS[key]);
  }
  return ports;
}

export function infraEndpoints(env: NodeJS.ProcessEnv = process.env): InfraEndpoints {
  const ports = infraPorts(env);
  return {
    kafkaBrokers: [`${HOST}:${ports.kafka}`],
    registryUrl: `http://${HOST}:${ports.registry}/apis/ccompat/v7`,
    postgresUrl: `postgres://${POSTGRES_USER}:${POSTGRES_PASSWORD}@${HOST}:${ports.postgres}/overfly`,
    smtpHost: HOST,
    smtpPort: ports.smtp,
    mailpitUrl: `http://${HOST}:${ports.mailpit}`,
  };
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function portOpen(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
