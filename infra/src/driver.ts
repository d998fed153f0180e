import type { ComponentPaths } from './paths.js';
import type { Component, Log } from './types.js';

/** What the lifecycle (up/down/status) needs to know about one component. */
export interface Driver {
  component: Component;
  /** The port clients use, and the env var that moves it. */
  port: number;
  portEnv: string;
  /** Further ports the process binds (e.g. Kafka's controller), checked before a start. */
  extraPorts: Array<{ port: number; env: string }>;
  paths: ComponentPaths;
  /** Logs whose tail explains a failed start. */
  logFiles: string[];
  /** Removed by `down --wipe`. */
  dataDirs: string[];
  /**
   * Needs no other component: `up` starts it alongside the others instead of after them
   * (COMPONENTS order is then only the order of `down` and of status rows).
   */
  independent: boolean;
  /** Whether a command line is this component's process from this state folder. */
  isOurs(cmdline: string): boolean;
  /**
   * Checks, before anything starts, the tools a start will need (java, go); throws an
   * InfraError naming what to install. Called only for components not already running.
   */
  preflight(): void;
  /** Fetches, initialises: everything before the process can start. Idempotent. */
  prepare(log: Log): Promise<void>;
  /** Spawns the detached process; returns its pid. */
  spawn(log: Log): Promise<number>;
  /** A real request: PG `select 1`, Kafka metadata, registry `GET /subjects`. */
  answers(): Promise<boolean>;
  /** Runs once it answers, on every `up` (idempotent): databases, global compatibility. */
  configure(log: Log): Promise<void>;
  readyTimeoutMs: number;
  stopSignal: NodeJS.Signals;
  stopTimeoutMs: number;
}
