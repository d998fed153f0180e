import { describe, expect, it } from 'vitest';
import { clusterFinding } from '../../scripts/doctor/broker.js';
import { lagFinding, topicLag } from '../../scripts/doctor/lag.js';
import { endpointUsesPort, portFinding } from '../../scripts/doctor/ports.js';
import { compareMigrations, migrationFinding } from '../../scripts/doctor/postgres.js';
import { levelFinding, subjectFindings } from '../../scripts/doctor/registry.js';
import { discoverServices } from '../../scripts/doctor/services.js';
import { compareTopic, topicFindings } from '../../scripts/doctor/topics.js';

describe('doctor: ports', () => {
  const local = {
    brokers: ['127.0.0.1:9092'],
    registryUrl: 'http://127.0.0.1:8081/apis/ccompat/v7',
    databaseUrl: 'postgres://overfly:overfly@127.0.0.1:5432/overfly',
  };
  const state = (over: object) => ({
    component: 'kafka' as const,
    port: 9092,
    env: 'OVERFLY_KAFKA_PORT',
    state: 'free' as const,
    ...over,
  });

  it('knows when the endpoints use the local component, and when they point elsewhere', () => {
    expect(endpointUsesPort('kafka', 9092, local)).toBe(true);
    expect(endpointUsesPort('kafka', 9092, { ...local, brokers: ['kafka.prod:9092'] })).toBe(false);
    expect(endpointUsesPort('kafka', 9092, { ...local, brokers: ['localhost:19092'] })).toBe(false);
    expect(endpointUsesPort('registry', 8081, local)).toBe(true);
    expect(endpointUsesPort('registry', 8081, { ...local, registryUrl: 'https://r.example' })).toBe(
      false,
    );
    expect(endpointUsesPort('postgres', 5432, { ...local, databaseUrl: 'postgres://db/x' })).toBe(
      false,
    );
    expect(
      endpointUsesPort('postgres', 5432, { ...local, databaseUrl: 'postgres://127.0.0.1/x' }),
    ).toBe(true);
    expect(endpointUsesPort('mailpit', 8025, local)).toBe(true);
  });

  it('answering ✓, taken ✗ with how to find the holder, free ✗ (Mailpit !) with pnpm infra:up', () => {
    expect(portFinding(state({ state: 'ours' }), true)).toEqual({
      status: 'pass',
      subject: 'kafka 127.0.0.1:9092 (OVERFLY_KAFKA_PORT)',
      detail: 'answering',
    });
    expect(portFinding(state({ state: 'other' }), true)).toMatchObject({
      status: 'fail',
      advice:
        "find it with ss -ltnp 'sport = :9092', then stop it or set OVERFLY_KAFKA_PORT to a free port",
    });
    expect(portFinding(state({}), true)).toMatchObject({
      status: 'fail',
      detail: 'free: kafka is not running',
      advice: 'run pnpm infra:up',
    });
    expect(portFinding(state({ component: 'mailpit', port: 8025 }), true).status).toBe('warn');
    expect(portFinding(state({}), false)).toMatchObject({
      status: 'pass',
      detail: 'free; not used: KAFKA_BROKERS points elsewhere',
    });
  });
});

describe('doctor: broker', () => {
  it('names the cluster, and fails one without a controller', () => {
    const ok = clusterFinding(['b:9092'], { clusterId: 'abc', brokers: 1, controller: 1 }, 3);
    expect(ok).toEqual({
      status: 'pass',
      subject: 'b:9092',
      detail:
        "cluster abc, 1 broker (replication clamped to 1; the catalogue's 3 is for production), controller 1",
    });
    expect(
      clusterFinding(['b:9092'], { clusterId: 'abc', brokers: 3, controller: 2 }, 3).detail,
    ).toBe('cluster abc, 3 brokers, controller 2');
    expect(
      clusterFinding(['b:9092'], { clusterId: 'abc', brokers: 1, controller: null }, 3).status,
    ).toBe('fail');
  });
});

describe('doctor: registry', () => {
  it('wants BACKWARD globally', () => {
    expect(levelFinding('BACKWARD', 'http://r').status).toBe('pass');
    expect(levelFinding('NONE', 'http://r')).toMatchObject({
      status: 'fail',
      detail: "NONE, Overfly's contracts need BACKWARD",
    });
  });

  it('sums up the good subjects, lists the missing with pnpm provision, names the schema file of an incompatible one', () => {
    const findings = subjectFindings([
      {
        topic: 'flights.updates',
        subject: 'flights.updates-value',
        registered: true,
        compatible: true,
      },
      {
        topic: 'flights.state',
        subject: 'flights.state-value',
        registered: false,
        compatible: null,
      },
      {
        topic: 'fir.crossings',
        subject: 'fir.crossings-value',
        registered: true,
        compatible: false,
      },
    ]);
    expect(findings.map((f) => [f.status, f.detail])).toEqual([
      ['pass', '1 of 3 registered, each latest version compatible with schemas/'],
      ['fail', 'not registered: flights.state-value'],
      [
        'fail',
        'schemas/fir.crossings.avsc may not follow the latest registered version (BACKWARD)',
      ],
    ]);
    expect(findings[1]?.advice).toBe('run pnpm provision');
    const none = subjectFindings([
      {
        topic: 'flights.state',
        subject: 'flights.state-value',
        registered: false,
        compatible: null,
      },
    ]);
    expect(none).toEqual([
      {
        status: 'fail',
        subject: 'subjects',
        detail: "none of the catalogue's 1 subjects is registered",
        advice: 'run pnpm provision',
      },
    ]);
  });
});

describe('doctor: migrations', () => {
  const files = [
    { version: 1, name: 'billing', checksum: 'a' },
    { version: 2, name: 'provenance', checksum: 'b' },
  ];
  const service = { service: 'invoice-writer', schema: 'public', dir: '/x' };

  it('compares the folder with schema_migrations: pending, edited, unknown', () => {
    expect(
      compareMigrations(files, [
        { version: 1, name: 'billing', checksum: 'changed' },
        { version: 9, name: 'future', checksum: 'z' },
      ]),
    ).toEqual({
      pending: [{ version: 2, name: 'provenance' }],
      edited: [{ version: 1, name: 'billing' }],
      unknown: [{ version: 9, name: 'future' }],
    });
  });

  it('passes all applied, warns pending (the service applies them), fails edited and unknown', () => {
    expect(migrationFinding(service, files, files)).toEqual({
      status: 'pass',
      subject: 'invoice-writer (schema public)',
      detail: '2 of 2 migrations applied',
    });
    expect(migrationFinding(service, files, [files[0]!])).toMatchObject({
      status: 'warn',
      detail: '1 of 2 not applied yet: 002_provenance',
      advice: expect.stringContaining('start invoice-writer once'),
    });
    expect(migrationFinding(service, files, null)).toMatchObject({
      status: 'warn',
      detail: 'no migrations applied yet (2 to apply)',
    });
    expect(
      migrationFinding(service, files, [{ ...files[0]!, checksum: 'x' }, files[1]!]),
    ).toMatchObject({
      status: 'fail',
      detail: 'edited after they were applied: 001_billing',
      advice: expect.stringContaining('services/invoice-writer/migrations/001_billing.sql'),
    });
    expect(
      migrationFinding(service, files, [...files, { version: 5, name: 'new', checksum: 'n' }]),
    ).toMatchObject({ status: 'fail', detail: 'applied, but not in this checkout: 005_new' });
  });
});

describe('doctor: topic configurations', () => {
  const spec = {
    name: 'flights.updates',
    partitions: 6,
    cleanupPolicy: 'delete' as const,
    retentionMs: 604_800_000,
  };
  const asDeclared = { partitions: 6, cleanupPolicy: 'delete', retentionMs: '604800000' };

  it('compares partitions, cleanup.policy and retention.ms with the catalogue', () => {
    expect(compareTopic(spec, asDeclared)).toEqual([]);
    expect(
      compareTopic(spec, { partitions: 3, cleanupPolicy: 'compact', retentionMs: null }),
    ).toEqual([
      { setting: 'partitions', declared: '6', actual: '3' },
      { setting: 'cleanup.policy', declared: 'delete', actual: 'compact' },
      { setting: 'retention.ms', declared: '604800000', actual: 'unknown' },
    ]);
    expect(
      compareTopic(
        { ...spec, cleanupPolicy: 'compact', retentionMs: -1 },
        {
          partitions: 6,
          cleanupPolicy: 'compact',
          retentionMs: '-1',
        },
      ),
    ).toEqual([]);
  });

  it('one line for the good, one for the missing (pnpm provision), one per differing topic', () => {
    const other = { ...spec, name: 'flights.state' };
    const third = { ...spec, name: 'fir.crossings' };
    const findings = topicFindings(
      [spec, other, third],
      new Map([
        ['p.flights.updates', asDeclared],
        ['p.fir.crossings', { ...asDeclared, retentionMs: '1000' }],
      ]),
      'p.',
    );
    expect(findings).toEqual([
      {
        status: 'pass',
        subject: 'topics',
        detail: '1 of 3 as declared (partitions, cleanup.policy, retention.ms)',
      },
      {
        status: 'fail',
        subject: 'missing',
        detail: 'p.flights.state',
        advice: 'run pnpm provision with TOPIC_PREFIX=p.',
      },
      {
        status: 'fail',
        subject: 'p.fir.crossings',
        detail: 'retention.ms is 1000, declared 604800000',
        advice: expect.stringContaining('--add-config retention.ms=604800000'),
      },
    ]);
    expect(
      topicFindings(
        [spec],
        new Map([['flights.updates', { ...asDeclared, partitions: 12 }]]),
        '',
      )[0],
    ).toMatchObject({
      status: 'fail',
      advice: expect.stringContaining('changing partitions moves keys'),
    });
  });
});

describe('doctor: consumer lag', () => {
  const ends = [
    { partition: 0, low: '0', high: '100' },
    { partition: 1, low: '50', high: '80' },
    { partition: 2, low: '0', high: '0' },
  ];

  it('is end less committed per partition, from the first kept offset without a commit', () => {
    expect(
      topicLag(
        ends,
        new Map([
          [0, '100'],
          [1, '80'],
        ]),
      ),
    ).toBe(0n);
    expect(topicLag(ends, new Map([[0, '40']]))).toBe(60n + 30n);
    // A commit older than what retention kept counts from the first offset still there.
    expect(
      topicLag(
        ends,
        new Map([
          [0, '100'],
          [1, '10'],
        ]),
      ),
    ).toBe(30n);
    // A commit past the end (the topic was recreated) is no negative lag.
    expect(
      topicLag(
        ends,
        new Map([
          [0, '500'],
          [1, '80'],
        ]),
      ),
    ).toBe(0n);
    expect(topicLag([{ partition: 0, low: '0', high: '9007199254740993' }], new Map())).toBe(
      9007199254740993n,
    );
  });

  const group = {
    service: 'fee-calculator',
    variable: 'KAFKA_GROUP_ID',
    groupId: 'fee-calculator',
  };

  it('passes within --max-lag, fails above it, warns a group that never committed', () => {
    const same = { ...group, physicalGroup: 'fee-calculator' };
    expect(lagFinding(same, [{ topic: 'fir.crossings', lag: 10n }], 10, '')).toEqual({
      status: 'pass',
      subject: 'fee-calculator (fee-calculator)',
      detail: 'lag fir.crossings 10',
    });
    expect(lagFinding(same, [{ topic: 'fir.crossings', lag: 12_345n }], 10_000, '')).toMatchObject({
      status: 'fail',
      detail: 'lag fir.crossings 12,345: above --max-lag 10,000',
      advice: expect.stringContaining('fee-calculator runs'),
    });
    const many = ['a', 'b', 'c', 'd'].map((topic, i) => ({ topic, lag: BigInt(i) }));
    expect(lagFinding(same, many, 10, '').detail).toBe('4 topics, lag at most 3 (d)');
    expect(
      lagFinding(same, [...many, { topic: 'e', lag: 11n }, { topic: 'f', lag: 12n }], 10, '')
        .detail,
    ).toBe('lag e 11, f 12: above --max-lag 10');
    expect(lagFinding(same, [], 10, '')).toEqual({
      status: 'warn',
      subject: 'fee-calculator (fee-calculator)',
      detail: 'not started (no committed offsets)',
    });
    const prefixed = { ...group, physicalGroup: 't.fee-calculator' };
    expect(lagFinding(prefixed, [{ topic: 't.fir.crossings', lag: 0n }], 10, 't.')).toEqual({
      status: 'pass',
      subject: 't.fee-calculator (fee-calculator)',
      detail: 'lag fir.crossings 0',
    });
  });

  it("finds every service's default groups and migrations in their own code", async () => {
    const { groups, migrations } = await discoverServices();
    expect(groups.map((g) => `${g.service} ${g.variable}=${g.groupId}`)).toEqual(
      expect.arrayContaining([
        'api KAFKA_GROUP_ID=api-read-models',
        'api BATCH_GROUP_ID=api-batch-workers',
        'disruption-correlator KAFKA_GROUP_ID=disruption-correlator',
        'fee-calculator KAFKA_GROUP_ID=fee-calculator',
        'fir-analyser KAFKA_GROUP_ID=fir-analyser',
        'invoice-writer KAFKA_GROUP_ID=invoice-writer',
        'notifier KAFKA_GROUP_ID=notifier',
      ]),
    );
    expect(migrations.map((m) => `${m.service}:${m.schema}`)).toEqual(
      expect.arrayContaining(['api:api', 'invoice-writer:public', 'notifier:notifier']),
    );
  });
});
