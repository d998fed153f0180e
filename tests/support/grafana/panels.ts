// Every panel's SQL of the provisioned dashboards, run against PostgreSQL as Grafana would
// run it for one time range and one set of schemas: the macros and variables expanded
// (macros.ts), then the query sent on a connection whose search_path is public, as
// Grafana's data source has it. Each result names its columns with their kind.
import type { Queryable } from '@overfly/db';
import { type Dashboard, loadDashboards, type PanelQuery } from './dashboards.js';
import { expandSql, intervalSeconds } from './macros.js';

type ColumnKind = 'time' | 'number' | 'text' | 'other';

interface PanelColumn {
  name: string;
  kind: ColumnKind;
}

export interface PanelResult {
  panel: PanelQuery;
  sql: string;
  columns: PanelColumn[];
  rows: Record<string, unknown>[];
}

export interface PanelRange {
  from: Date;
  to: Date;
  /** `$__interval` where the panel sets no minimum (Grafana's is range / max data points). */
  intervalMs: number;
  /** Schema variables to their values, e.g. { api_schema: 'demo_api' }. */
  schemas: Readonly<Record<string, string>>;
}

// PostgreSQL type OIDs (pg_type): what Grafana reads as a time, a number or a string.
const TIME_OIDS = new Set([1082, 1114, 1184]); // date, timestamp, timestamptz
const NUMBER_OIDS = new Set([20, 21, 23, 700, 701, 1700]); // int8/2/4, float4/8, numeric
const TEXT_OIDS = new Set([25, 1042, 1043, 19]); // text, bpchar, varchar, name

export function columnKind(oid: number): ColumnKind {
  if (TIME_OIDS.has(oid)) return 'time';
  if (NUMBER_OIDS.has(oid)) return 'number';
  if (TEXT_OIDS.has(oid)) return 'text';
  return 'other';
}

/** Each panel's query of every dashboard, in file and panel order. */
export function allPanels(dashboards: Dashboard[] = loadDashboards()): PanelQuery[] {
  return dashboards.flatMap((dashboard) => dashboard.panels);
}

/** The panel's SQL for this range: its own minimum interval wins over the range's. */
export function panelSql(panel: PanelQuery, range: PanelRange): string {
  const intervalMs =
    panel.interval === undefined
      ? range.intervalMs
      : Math.max(range.intervalMs, intervalSeconds(panel.interval) * 1000);
  return expandSql(panel.rawSql, {
    from: range.from,
    to: range.to,
    intervalMs,
    variables: range.schemas,
  });
}

async function runPanel(db: Queryable, panel: PanelQuery, range: PanelRange): Promise<PanelResult> {
  const sql = panelSql(panel, range);
  try {
    const result = await db.query<Record<string, unknown>>(sql);
    return {
      panel,
      sql,
      columns: result.fields.map((field) => ({
        name: field.name,
        kind: columnKind(field.dataTypeID),
      })),
      rows: result.rows,
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${panel.dashboardUid} #${panel.panelId} "${panel.title}": ${reason}\n${sql}`);
  }
}

export async function runPanels(
  db: Queryable,
  panels: PanelQuery[],
  range: PanelRange,
): Promise<PanelResult[]> {
  const results: PanelResult[] = [];
  for (const panel of panels) results.push(await runPanel(db, panel, range));
  return results;
}
