import { createRegistryClient } from '@overfly/kafka';
import { subjectFor, type TopicName, topicNames, topics, valueSchemaFor } from '@overfly/schemas';
import type { Check, DoctorContext, Finding } from './types.js';

const REQUIRED_LEVEL = 'BACKWARD';

function registryAdvice(ctx: DoctorContext): string {
  return `start the registry with pnpm infra:up, or set SCHEMA_REGISTRY_URL to yours (now ${ctx.registryUrl})`;
}

export function levelFinding(level: string, url: string): Finding {
  return level.toUpperCase() === REQUIRED_LEVEL
    ? { status: 'pass', subject: 'global compatibility', detail: level }
    : {
        status: 'fail',
        subject: 'global compatibility',
        detail: `${level}, Overfly's contracts need ${REQUIRED_LEVEL}`,
        advice: `run pnpm infra:up (it sets ${REQUIRED_LEVEL}), or PUT {"compatibility":"${REQUIRED_LEVEL}"} to ${url}/config`,
      };
}

/** Per catalogue topic: whether its subject is registered, and if so whether schemas/ may follow it. */
export interface SubjectState {
  topic: TopicName;
  subject: string;
  registered: boolean;
  /** null when not registered. */
  compatible: boolean | null;
}

/** The subjects as few lines: one for all that are fine, one per kind of problem. */
export function subjectFindings(states: readonly SubjectState[]): Finding[] {
  const missing = states.filter((s) => !s.registered);
  const incompatible = states.filter((s) => s.registered && s.compatible === false);
  const findings: Finding[] = [];
  const good = states.length - missing.length - incompatible.length;
  if (good > 0) {
    findings.push({
      status: 'pass',
      subject: 'subjects',
      detail: `${good} of ${states.length} registered, each latest version compatible with schemas/`,
    });
  }
  if (missing.length > 0) {
    findings.push({
      status: 'fail',
      subject: 'subjects',
      detail:
        missing.length === states.length
          ? `none of the catalogue's ${states.length} subjects is registered`
          : `not registered: ${missing.map((s) => s.subject).join(', ')}`,
      advice: 'run pnpm provision',
    });
  }
  for (const s of incompatible) {
    const file = `schemas/${topics[s.topic].valueSchema.file}`;
    findings.push({
      status: 'fail',
      subject: s.subject,
      detail: `${file} may not follow the latest registered version (${REQUIRED_LEVEL})`,
      advice: `make the change to ${file} backward compatible; the integration test schema-compatibility names the field (pnpm test:integration tests/integration/schema-compatibility.test.ts)`,
    });
  }
  return findings;
}

export const registryCheck: Check = {
  name: 'registry',
  title: 'Schema registry',
  target: (ctx) => ctx.registryUrl,
  advice: registryAdvice,
  async run(ctx) {
    const registry = createRegistryClient(ctx.registryUrl);
    const subjects = new Set(await registry.subjects());
    const findings: Finding[] = [
      {
        status: 'pass',
        subject: registry.url,
        detail: `answers, ${subjects.size} subject${subjects.size === 1 ? '' : 's'}`,
      },
      levelFinding(await registry.globalCompatibility(), registry.url),
    ];
    const states = await Promise.all(
      topicNames.map(async (topic): Promise<SubjectState> => {
        const subject = subjectFor(topic);
        if (!subjects.has(subject)) return { topic, subject, registered: false, compatible: null };
        const { compatible } = await registry.checkCompatibility(subject, valueSchemaFor(topic));
        return { topic, subject, registered: true, compatible };
      }),
    );
    return [...findings, ...subjectFindings(states)];
  },
};
