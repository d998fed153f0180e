export type Component = 'postgres' | 'kafka' | 'registry' | 'mailpit';

/**
 * Start order; `down` stops in the reverse order. Components whose driver says `independent`
 * (mailpit) start alongside the chain instead of after it.
 */
export const COMPONENTS: readonly Component[] = ['postgres', 'kafka', 'registry', 'mailpit'];

export interface InfraEndpoints {
  kafkaBrokers: string[];
  /** The Confluent-compatible base URL, e.g. http://127.0.0.1:8081/apis/ccompat/v7 */
  registryUrl: string;
  /** e.g. postgres://overfly:overfly@127.0.0.1:5432/overfly */
  postgresUrl: string;
  /** Mailpit's SMTP server (no TLS; any or no credentials accepted). */
  smtpHost: string;
  smtpPort: number;
  /** Mailpit's web page and REST API, e.g. http://127.0.0.1:8025 (API under /api/v1). */
  mailpitUrl: string;
}

export type Log = (line: string) => void;

export interface ComponentStatus {
  component: Component;
  pid: number | null;
  port: number;
  running: boolean;
  answering: boolean;
}
