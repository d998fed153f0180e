import { infraPortStates, infraPorts, type PortState } from '@overfly/infra';
import type { Check, DoctorContext, Finding } from './types.js';

type Endpoints = Pick<DoctorContext, 'brokers' | 'registryUrl' | 'databaseUrl'>;

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

function portOfUrl(url: string, fallback: number): { host: string; port: number } | null {
  try {
    const parsed = new URL(url);
    return { host: parsed.hostname, port: parsed.port ? Number(parsed.port) : fallback };
  } catch {
    return null;
  }
}

/**
 * Whether the configured endpoints use the local component on its client port
 * (`clientPort`: Kafka's 9092 also for its controller's 9093): a Kafka, registry or database
 * configured elsewhere (KAFKA_BROKERS, SCHEMA_REGISTRY_URL, DATABASE_URL) makes a free
 * local port expected. Mailpit has no such variable here: always local.
 */
export function endpointUsesPort(
  component: PortState['component'],
  clientPort: number,
  endpoints: Endpoints,
): boolean {
  switch (component) {
    case 'kafka':
      return endpoints.brokers.some((broker) => {
        const at = broker.lastIndexOf(':');
        return LOCAL_HOSTS.has(broker.slice(0, at)) && Number(broker.slice(at + 1)) === clientPort;
      });
    case 'registry': {
      const at = portOfUrl(endpoints.registryUrl, 80);
      return at !== null && LOCAL_HOSTS.has(at.host) && at.port === clientPort;
    }
    case 'postgres': {
      const at = portOfUrl(endpoints.databaseUrl, 5432);
      return at !== null && LOCAL_HOSTS.has(at.host) && at.port === clientPort;
    }
    default:
      return true;
  }
}

const CONFIGURED_BY: Record<string, string> = {
  kafka: 'KAFKA_BROKERS',
  registry: 'SCHEMA_REGISTRY_URL',
  postgres: 'DATABASE_URL',
};

/**
 * One port as a report line: answering ✓, taken by another program ✗, free ✗ (! for
 * Mailpit; ✓ when the variables point elsewhere). `used`: endpointUsesPort's answer.
 */
export function portFinding(state: PortState, used: boolean): Finding {
  const subject = `${state.component} 127.0.0.1:${state.port} (${state.env})`;
  if (state.state === 'ours') return { status: 'pass', subject, detail: 'answering' };
  if (state.state === 'other') {
    return {
      status: 'fail',
      subject,
      detail: `taken by another program, which does not answer as ${state.component}`,
      advice: `find it with ss -ltnp 'sport = :${state.port}', then stop it or set ${state.env} to a free port`,
    };
  }
  if (!used) {
    return {
      status: 'pass',
      subject,
      detail: `free; not used: ${CONFIGURED_BY[state.component]} points elsewhere`,
    };
  }
  // Only the notifier's mail needs Mailpit: the pipeline runs without it.
  const needed = state.component !== 'mailpit';
  return {
    status: needed ? 'fail' : 'warn',
    subject,
    detail: `free: ${state.component} is not running`,
    advice: 'run pnpm infra:up',
  };
}

export const portsCheck: Check = {
  name: 'ports',
  title: 'Ports',
  advice: () => 'set OVERFLY_*_PORT variables to port numbers (1-65535), or unset them',
  async run(ctx) {
    const ports = infraPorts(ctx.env);
    const clientPort = {
      kafka: ports.kafka,
      registry: ports.registry,
      postgres: ports.postgres,
      mailpit: ports.mailpit,
    };
    const states = await infraPortStates(ctx.env);
    return states.map((state) =>
      portFinding(state, endpointUsesPort(state.component, clientPort[state.component], ctx)),
    );
  },
};
