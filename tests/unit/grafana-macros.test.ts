// tests/support/grafana/macros.ts and panels.ts' pure parts: Grafana's PostgreSQL macros and variables expanded as
// Grafana 11 expands them (pkg/tsdb/grafana-postgresql-datasource/macros.go).
import { describe, expect, it } from 'vitest';
import {
  expandSql,
  formatInterval,
  intervalSeconds,
  macroCalls,
  variablesIn,
} from '../support/grafana/macros.js';
import { columnKind, panelSql } from '../support/grafana/panels.js';

const from = new Date('2026-01-02T03:00:00.000Z');
const to = new Date('2026-01-02T04:30:00.000Z');
const context = { from, to, intervalMs: 60_000, variables: { api_schema: 'demo_api' } };

describe('Grafana macros', () => {
  it('expands the time macros into literals of the range', () => {
    expect(expandSql('WHERE $__timeFilter(taken_at)', context)).toBe(
      "WHERE taken_at BETWEEN '2026-01-02T03:00:00.000Z' AND '2026-01-02T04:30:00.000Z'",
    );
    expect(expandSql('f($__timeFrom(), $__timeTo())', context)).toBe(
      "f('2026-01-02T03:00:00.000Z', '2026-01-02T04:30:00.000Z')",
    );
    expect(expandSql('SELECT $__time(t), $__timeEpoch(t)', context)).toBe(
      'SELECT t AS "time", extract(epoch from t) AS "time"',
    );
    expect(expandSql('WHERE $__unixEpochFilter(s) AND $__unixEpochFrom() < 1', context)).toBe(
      'WHERE s >= 1767322800 AND s <= 1767328200 AND 1767322800 < 1',
    );
  });

  it('groups by the interval given, or by $__interval', () => {
    expect(expandSql("SELECT $__timeGroupAlias(t, '1h')", context)).toBe(
      'SELECT floor(extract(epoch from t)/3600)*3600 AS "time"',
    );
    expect(expandSql('GROUP BY $__timeGroup(t, $__interval)', context)).toBe(
      'GROUP BY floor(extract(epoch from t)/60)*60',
    );
    expect(expandSql('x * 60000.0 / $__interval_ms', context)).toBe('x * 60000.0 / 60000');
    expect(expandSql("$__unixEpochGroupAlias(s, '5m')", context)).toBe(
      'floor((s)/300)*300 AS "time"',
    );
  });

  it('replaces variables in their three spellings and refuses an undefined one', () => {
    expect(expandSql(`FROM \${api_schema}.a, $api_schema.b, [[api_schema]].c`, context)).toBe(
      'FROM demo_api.a, demo_api.b, demo_api.c',
    );
    expect(() => expandSql(`FROM \${nope}.a`, context)).toThrow('variable nope is not defined');
    expect(variablesIn(`\${a}.t $b [[c]] $__interval '$1'`)).toEqual(['a', 'b', 'c']);
  });

  it('keeps nested parentheses and quoted commas inside one argument', () => {
    const [call] = macroCalls("$__timeFilter(to_timestamp(x / 1000.0), 'a,b')");
    expect(call?.args).toEqual(['to_timestamp(x / 1000.0)', "'a,b'"]);
    expect(expandSql('$__timeFilter(to_timestamp(x))', context)).toMatch(
      /^to_timestamp\(x\) BETWEEN '/,
    );
  });

  it('refuses a macro it does not know, a missing argument and an unclosed call', () => {
    expect(() => expandSql('$__timeFilterr(t)', context)).toThrow('unknown macro $__timeFilterr');
    expect(() => expandSql('$__timeFilter()', context)).toThrow('needs argument 1');
    expect(() => expandSql('$__timeFilter(t', context)).toThrow('unclosed');
  });

  it('spells intervals as Grafana does, and reads them back', () => {
    expect(formatInterval(86_400_000)).toBe('1d');
    expect(formatInterval(7_200_000)).toBe('2h');
    expect(formatInterval(90_000)).toBe('90s');
    expect(formatInterval(1_500)).toBe('1500ms');
    expect(intervalSeconds("'5m'")).toBe(300);
    expect(intervalSeconds('15s')).toBe(15);
    expect(intervalSeconds('100ms')).toBe(0.1);
    expect(() => intervalSeconds('soon')).toThrow('not an interval');
  });
});

describe("a panel's SQL for a range", () => {
  const panel = {
    dashboardUid: 'd',
    panelId: 1,
    title: 't',
    refId: 'A',
    format: 'time_series',
    rawSql: `SELECT $__timeGroupAlias(taken_at, $__interval) FROM \${metrics_schema}.s`,
    interval: '1m',
    datasourceUid: 'overfly-postgres',
    targetDatasourceUid: 'overfly-postgres',
  };
  const range = { from, to, intervalMs: 10_000, schemas: { metrics_schema: 'demo_metrics' } };

  it("uses the panel's minimum interval when the range's is shorter, else the range's", () => {
    expect(panelSql(panel, range)).toBe(
      'SELECT floor(extract(epoch from taken_at)/60)*60 AS "time" FROM demo_metrics.s',
    );
    expect(panelSql(panel, { ...range, intervalMs: 300_000 })).toContain('/300)*300');
    expect(panelSql({ ...panel, interval: undefined }, range)).toContain('/10)*10');
  });

  it('reads PostgreSQL column types as Grafana does: times, numbers, strings', () => {
    expect([1184, 1114, 1082].map(columnKind)).toEqual(['time', 'time', 'time']);
    expect([20, 23, 701, 1700].map(columnKind)).toEqual(['number', 'number', 'number', 'number']);
    expect([25, 1043].map(columnKind)).toEqual(['text', 'text']);
    expect(columnKind(3802)).toBe('other'); // jsonb
  });
});
