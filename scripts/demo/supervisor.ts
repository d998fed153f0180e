/**
 * The demo's services under supervision: each runs as a child process; one that ends while
 * the demo runs (a crash, an OOM kill, a SIGKILL from a test) is reported and started again
 * after a backoff that doubles with each quick failure (1 s … 30 s) and resets once the
 * service has run a minute. Stopping is orderly (children.ts): nothing is restarted then.
 */
import {
  killNow,
  type RunningService,
  type ServiceSpec,
  startService,
  stopServices,
} from './children.js';

type ServiceState = 'running' | 'restarting' | 'stopped';

export interface ServiceStatus {
  name: string;
  pid: number;
  state: ServiceState;
  restarts: number;
  log: string;
}

const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;
/** A run this long counts as healthy: the next failure starts the backoff again. */
const HEALTHY_AFTER_MS = 60_000;

/** The delay before restart `n` (0-based) of a service that keeps failing quickly. */
export function restartDelayMs(quickFailures: number): number {
  return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.max(0, quickFailures));
}

interface Slot {
  spec: ServiceSpec;
  current: RunningService;
  startedAt: number;
  restarts: number;
  quickFailures: number;
  timer: ReturnType<typeof setTimeout> | null;
}

export class Supervisor {
  private readonly slots: Slot[] = [];
  private stopping = false;

  constructor(
    private readonly root: string,
    private readonly logDir: string,
    private readonly log: (line: string) => void,
    /** Called whenever a service starts, ends or is restarted (the demo's status file). */
    private readonly onChange: () => void = () => {},
    private readonly env: Record<string, string> = {},
  ) {}

  start(spec: ServiceSpec): RunningService {
    const slot: Slot = {
      spec,
      current: this.launch(spec),
      startedAt: Date.now(),
      restarts: 0,
      quickFailures: 0,
      timer: null,
    };
    this.slots.push(slot);
    this.watch(slot);
    this.onChange();
    return slot.current;
  }

  /** The service named, as it runs now (a restart gives a new process). */
  current(name: string): RunningService | undefined {
    return this.slots.find((s) => s.spec.name === name)?.current;
  }

  status(): ServiceStatus[] {
    return this.slots.map((s) => ({
      name: s.spec.name,
      pid: s.current.pid,
      state: s.timer ? 'restarting' : s.current.exit ? 'stopped' : 'running',
      restarts: s.restarts,
      log: s.current.log,
    }));
  }

  /** Stops every service, last started first; none is restarted from here on. */
  async stopAll(deadlineMs: number): Promise<void> {
    this.stopping = true;
    for (const slot of this.slots) if (slot.timer) clearTimeout(slot.timer);
    await stopServices(
      [...this.slots].reverse().map((s) => s.current),
      deadlineMs,
      this.log,
    );
    this.onChange();
  }

  /** SIGKILL to everything still running (a second Ctrl-C, or the demo exiting abruptly). */
  killAll(): void {
    this.stopping = true;
    for (const slot of this.slots) if (slot.timer) clearTimeout(slot.timer);
    killNow(this.slots.map((s) => s.current));
  }

  private launch(spec: ServiceSpec): RunningService {
    return startService(this.root, this.logDir, { ...spec, env: { ...this.env, ...spec.env } });
  }

  private watch(slot: Slot): void {
    const service = slot.current;
    service.child.on('exit', (code, signal) => {
      if (this.stopping || slot.current !== service) return;
      const ranMs = Date.now() - slot.startedAt;
      slot.quickFailures = ranMs >= HEALTHY_AFTER_MS ? 0 : slot.quickFailures;
      const delay = restartDelayMs(slot.quickFailures);
      slot.quickFailures++;
      this.log(
        `${service.name} (pid ${service.pid}) ended: ${signal ?? `exit ${code}`} after ${(ranMs / 1000).toFixed(1)} s — restarting in ${delay / 1000} s (see ${service.log})`,
      );
      slot.timer = setTimeout(() => {
        slot.timer = null;
        if (this.stopping) return;
        slot.current = this.launch(slot.spec);
        slot.startedAt = Date.now();
        slot.restarts++;
        this.log(`${slot.spec.name} restarted (pid ${slot.current.pid}, restart ${slot.restarts})`);
        this.watch(slot);
        this.onChange();
      }, delay);
      this.onChange();
    });
  }
}
