// The billing pipeline as separate processes, the way an operator runs it: flight-producer
// (replay) → fir-analyser → fee-calculator → invoice-writer, each a `node --import tsx
// services/<name>/src/main.ts` child with its log in memory. A supervisor restarts a
// process that ends, as systemd or Compose's `restart: unless-stopped` would; the test
// decides which ends were its own doing (a SIGKILL it sent) and which were the service's.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

export const KILLABLE = ['fir-analyser', 'fee-calculator', 'invoice-writer'] as const;
type Killable = (typeof KILLABLE)[number];
type ServiceName = 'flight-producer' | Killable;

/** An end of a process the test did not cause: a crash, an exit on an outage. */
interface UnexpectedEnd {
  service: ServiceName;
  code: number | null;
  signal: NodeJS.Signals | null;
  at: number;
  /** The last lines it wrote. */
  tail: string;
}

interface KillOptions {
  /** Which of the service's instances (0 unless `instances` asked for more). */
  instance?: number;
  /** Start it again at once, as a supervisor would (default); false: it stays down. */
  restart?: boolean;
}

export interface Supervised {
  /** SIGKILLs one instance of the service; the supervisor starts a new one unless told not to. */
  kill(service: Killable, options?: KillOptions): Promise<{ killedAt: number; pid: number }>;
  /** Resolves once flight-producer's replay has ended with exit 0 (it is not restarted). */
  replayEnded(): Promise<void>;
  unexpectedEnds(): readonly UnexpectedEnd[];
  /** Lines of any service's output that show a stack trace ("    at …"). */
  stackTraces(): readonly string[];
  /** Restarts per service, after kills or unexpected ends. */
  starts(): Readonly<Record<ServiceName, number>>;
  /** SIGTERMs every process and waits for them; nothing is restarted after this. */
  stop(): Promise<void>;
  /** The last output of one service's current process, for failure messages. */
  tail(service: ServiceName): string;
}

export interface PipelineOptions {
  prefix: string;
  schema: string;
  replayFiles: readonly string[];
  replaySpeed: string;
  aircraftRegistry: string;
  /** Per-service extra environment. */
  env?: Partial<Record<ServiceName, NodeJS.ProcessEnv>>;
  /** Instances of a stage in its one consumer group (scale-out); 1 unless given. */
  instances?: Partial<Record<Killable, number>>;
}

interface Slot {
  child: ChildProcess;
  output: string;
  killedByTest: boolean;
  /** Killed by the test and not to be started again. */
  retired: boolean;
}

// A stack frame, printed raw ("    at f (file.js:1:2)") or inside a JSON log line's string
// ("\\n    at f (file.js:1:2)").
const STACK_LINE = /(^|\\n)\s+at \S.*:\d+:\d+\)?/m;

/** Starts the four services and supervises them until `stop()`. */
export function startPipeline(options: PipelineOptions): Supervised {
  /** By `service#instance`. */
  const slots = new Map<string, Slot>();
  const ends: UnexpectedEnd[] = [];
  const traces: string[] = [];
  const starts: Record<ServiceName, number> = {
    'flight-producer': 0,
    'fir-analyser': 0,
    'fee-calculator': 0,
    'invoice-writer': 0,
  };
  let stopping = false;
  let replayDone: () => void = () => {};
  const replayEnded = new Promise<void>((resolve) => {
    replayDone = resolve;
  });
  // Far from now, so the writer's own daily consolidation never runs during a test: the
  // test consolidates, as of a fixed date, when it chooses.
  const awayHour = String((new Date().getUTCHours() + 12) % 24).padStart(2, '0');

  const common: NodeJS.ProcessEnv = {
    ...process.env,
    TOPIC_PREFIX: options.prefix,
    LOG_LEVEL: 'warn',
    METRICS_PORT: '0',
    // The broker's minimum: a killed member's partitions move on after 6 s, not 30.
    KAFKA_SESSION_TIMEOUT: '6s',
  };
  const envOf: Record<ServiceName, NodeJS.ProcessEnv> = {
    'flight-producer': {
      MODE: 'replay',
      REPLAY_FILES: options.replayFiles.join(','),
      REPLAY_SPEED: options.replaySpeed,
      // Every gap played at its length / speed: the input lasts as long as the test needs.
      REPLAY_MAX_GAP: '0s',
      KAFKA_GROUP_ID: `${options.prefix}flight-producer`,
    },
    'fir-analyser': { KAFKA_GROUP_ID: `${options.prefix}fir-analyser` },
    'fee-calculator': {
      KAFKA_GROUP_ID: `${options.prefix}fee-calculator`,
      AIRCRAFT_REGISTRY: options.aircraftRegistry,
    },
    'invoice-writer': {
      KAFKA_GROUP_ID: `${options.prefix}invoice-writer`,
      DATABASE_SCHEMA: options.schema,
      CONSOLIDATION_AT: `${awayHour}:00`,
    },
  };

  const start = (service: ServiceName, instance = 0) => {
    starts[service]++;
    const child = spawn(process.execPath, ['--import', 'tsx', `services/${service}/src/main.ts`], {
      cwd: root,
      env: { ...common, ...envOf[service], ...options.env?.[service] },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const slot: Slot = { child, output: '', killedByTest: false, retired: false };
    const keep = (chunk: Buffer) => {
      const text = chunk.toString();
      slot.output = (slot.output + text).slice(-20_000);
      if (STACK_LINE.test(text)) traces.push(`${service}: ${text.slice(0, 2_000)}`);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', (code, signal) => {
      if (stopping) return;
      if (service === 'flight-producer' && code === 0) {
        replayDone();
        return;
      }
      if (!slot.killedByTest)
        ends.push({ service, code, signal, at: Date.now(), tail: slot.output.slice(-3_000) });
      if (!slot.retired) start(service, instance);
    });
    slots.set(`${service}#${instance}`, slot);
  };

  for (const service of [
    'invoice-writer',
    'fee-calculator',
    'fir-analyser',
    'flight-producer',
  ] as const) {
    const count = service === 'flight-producer' ? 1 : (options.instances?.[service] ?? 1);
    for (let instance = 0; instance < count; instance++) start(service, instance);
  }

  return {
    async kill(service, { instance = 0, restart = true } = {}) {
      const slot = slots.get(`${service}#${instance}`);
      if (!slot) throw new Error(`${service} instance ${instance} was never started`);
      const pid = slot.child.pid ?? -1;
      if (slot.child.exitCode !== null || slot.child.signalCode !== null)
        return { killedAt: Date.now(), pid };
      slot.killedByTest = true;
      slot.retired = !restart;
      const exited = once(slot.child, 'exit');
      slot.child.kill('SIGKILL');
      await exited;
      return { killedAt: Date.now(), pid };
    },
    replayEnded: () => replayEnded,
    unexpectedEnds: () => ends,
    stackTraces: () => traces,
    starts: () => starts,
    tail: (service) => slots.get(`${service}#0`)?.output.slice(-3_000) ?? '',
    async stop() {
      if (stopping) return;
      stopping = true;
      await Promise.all(
        [...slots.values()].map(async ({ child }) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = once(child, 'exit');
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          await exited;
          clearTimeout(timer);
        }),
      );
    },
  };
}
