export type Component = 'postgres' | 'kafka' | 'registry';

/** Start order; `down` stops in the reverse order. */
export const COMPONENTS: readonly Component[] = ['postgres', 'kafka', 'registry'];

export interface InfraEndpoints {
  kafkaBrokers: string[];
  /** The Confluent-compatible base URL, e.g. http://127.0.0.1:8081/apis/ccompat/v7 */
  registryUrl: string;
  /** e.g. postgres://overfly:overfly@127.0.0.1:5432/overfly */
  postgresUrl: string;
}

export type Log = (line: string) => void;

export interface ComponentStatus {
  component: Component;
  pid: number | null;
  port: number;
  running: boolean;
  answering: boolean;
}
