/**
 * What the demo runs and with which environment: the api (the web page and REST) and its
 * batch worker, metrics-sink, the notifier, the disruption-correlator, invoice-writer,
 * fee-calculator, fir-analyser, ops-feed's mock and a flight-producer simulating the same
 * network day (network.ts), and flight-producer either replaying the bundled recordings or,
 * with OpenSky credentials (or OPENSKY_MODE=mock), polling OpenSky live. REPLAY_SPEED,
 * OPENSKY_BBOX, TARIFF_DIR and DATABASE_SCHEMA, when set, reach the services as they are;
 * the api's read models, metrics-sink's tables and the notifier's ledger get schemas of
 * their own beside it.
 */
import type { InfraEndpoints } from '@overfly/infra';
import type { ServiceSpec } from './children.js';
import { type NetworkPlan, networkServiceEnv } from './network.js';
import { type NotifierPlan, notifierEnv } from './notifier.js';

const DEFAULT_SPEED = '60';

export interface ReplayPlan {
  mode: 'replay';
  file: string;
  speed: string;
}
export interface LivePlan {
  mode: 'live';
  bbox: string;
  mock: boolean;
}
export type ProducerPlan = ReplayPlan | LivePlan;

/** Live when the user gave OpenSky credentials or asked for the simulated OpenSky; else null. */
export function livePlan(env: NodeJS.ProcessEnv): LivePlan | null {
  const mock = env.OPENSKY_MODE === 'mock';
  if (!mock && !(env.OPENSKY_CLIENT_ID && env.OPENSKY_CLIENT_SECRET)) return null;
  // flight-producer's own default area (Switzerland: one OpenSky credit per poll).
  return { mode: 'live', bbox: env.OPENSKY_BBOX ?? '45.8,5.9,47.9,10.6', mock };
}

/** The replay's pace, which the network's day follows too: REPLAY_SPEED, default 60. */
export function replaySpeed(env: NodeJS.ProcessEnv): string {
  return env.REPLAY_SPEED?.trim() || DEFAULT_SPEED;
}

export function replayPlan(env: NodeJS.ProcessEnv, file: string): ReplayPlan {
  return { mode: 'replay', file, speed: replaySpeed(env) };
}

export interface ApiPlan {
  port: number;
  /** Its read models' schema: never the billing tables' one (an api has its own tables). */
  schema: string;
  /** The consumer group whose committed offsets say what that schema already holds. */
  groupId: string;
  /** The batch worker's group on batch.commands (jobs started from the page or REST). */
  batchGroupId: string;
  /** The built web page it serves at `/`. */
  webDir: string;
}

/**
 * The api beside the demo's services. With DATABASE_SCHEMA set (the services' tables kept
 * apart), its read models go to `<schema>_api` and its group follows that schema, so a schema
 * is always built from the start of the topics; else the api's own defaults (`api`,
 * api-read-models), as `pnpm --filter @overfly/api start` would use.
 */
export function apiPlan(env: NodeJS.ProcessEnv, port: number, webDir: string): ApiPlan {
  const shared = env.DATABASE_SCHEMA?.trim();
  if (!shared)
    return {
      port,
      schema: 'api',
      groupId: 'api-read-models',
      batchGroupId: 'api-batch-workers',
      webDir,
    };
  return {
    port,
    schema: `${shared}_api`,
    groupId: `api-read-models-${shared}`,
    batchGroupId: `api-batch-workers-${shared}`,
    webDir,
  };
}

/** metrics-sink's schema: `<DATABASE_SCHEMA>_metrics` beside the demo's, else its default. */
function metricsSchemaOf(env: NodeJS.ProcessEnv): string {
  const shared = env.DATABASE_SCHEMA?.trim();
  return shared ? `${shared}_metrics` : 'metrics';
}

/** Ports of the ops servers (/health/ready) the demo waits on before the network's day starts. */
export interface OpsPorts {
  analyser: number;
  correlator: number;
}

export interface DemoServices {
  /** Started first, downstream first. */
  pipeline: ServiceSpec[];
  /** The network's day: started once fir-analyser and the correlator are ready. */
  network: ServiceSpec[];
}

export function serviceSpecs(
  endpoints: InfraEndpoints,
  plan: ProducerPlan,
  api: ApiPlan,
  network: NetworkPlan,
  notifier: NotifierPlan,
  ops: OpsPorts,
): DemoServices {
  const simulated = networkServiceEnv(network);
  const platform = {
    KAFKA_BROKERS: endpoints.kafkaBrokers.join(','),
    SCHEMA_REGISTRY_URL: endpoints.registryUrl,
    DATABASE_URL: endpoints.postgresUrl,
  };
  const producer: Record<string, string> =
    plan.mode === 'replay'
      ? {
          MODE: 'replay',
          REPLAY_FILES: plan.file,
          REPLAY_SPEED: plan.speed,
          REPLAY_LOOP: 'true',
        }
      : { MODE: 'live', OPENSKY_BBOX: plan.bbox };
  const pipeline: ServiceSpec[] = [
    // Downstream first: each consumer is up before what feeds it, and the analyser
    // restores its state while the producer starts. The api reads every topic from its
    // beginning, so its place only makes it the last one stopped.
    {
      name: 'api',
      entry: 'services/api/src/main.ts',
      env: {
        ...platform,
        API_PORT: String(api.port),
        DATABASE_SCHEMA: api.schema,
        KAFKA_GROUP_ID: api.groupId,
        API_WEB_DIR: api.webDir,
      },
    },
    // Runs the batch jobs the page and REST start (reprice, reprocess, import…), on the
    // api's schema, where the jobs are kept.
    {
      name: 'api-worker',
      entry: 'services/api/src/batch/worker-main.ts',
      env: { ...platform, DATABASE_SCHEMA: api.schema, BATCH_GROUP_ID: api.batchGroupId },
    },
    // Every service's system.metrics snapshots into PostgreSQL, for Grafana.
    {
      name: 'metrics-sink',
      entry: 'services/metrics-sink/src/main.ts',
      env: { ...platform, DATABASE_SCHEMA: metricsSchemaOf(process.env) },
    },
    // Tells passengers, billing contacts and the webhook subscriber what happened.
    {
      name: 'notifier',
      entry: 'services/notifier/src/main.ts',
      env: { ...platform, ...notifierEnv(endpoints, notifier) },
    },
    {
      name: 'disruption-correlator',
      entry: 'services/disruption-correlator/src/main.ts',
      env: { ...platform, METRICS_PORT: String(ops.correlator) },
    },
    {
      name: 'invoice-writer',
      entry: 'services/invoice-writer/src/main.ts',
      env: { ...platform },
    },
    { name: 'fee-calculator', entry: 'services/fee-calculator/src/main.ts', env: { ...platform } },
    {
      name: 'fir-analyser',
      entry: 'services/fir-analyser/src/main.ts',
      env: { ...platform, METRICS_PORT: String(ops.analyser) },
    },
    {
      name: 'flight-producer',
      entry: 'services/flight-producer/src/main.ts',
      env: { ...platform, ...producer },
    },
  ];
  return {
    pipeline,
    // The simulated network's day, both following the command in force on scenario.control.
    network: [
      {
        name: 'ops-feed',
        entry: 'services/ops-feed/src/main.ts',
        env: { ...platform, ...simulated.feed },
      },
      {
        name: 'network-producer',
        entry: 'services/flight-producer/src/main.ts',
        env: { ...platform, ...simulated.producer },
      },
    ],
  };
}
