// The provisioned Grafana dashboards (infra/compose/grafana/provisioning/dashboards/json) as
// plain data: each dashboard's uid, variables and panels with their SQL. Reads files only.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const PROVISIONING_DIR = fileURLToPath(
  new URL('../../../infra/compose/grafana/provisioning/', import.meta.url),
);
export const DASHBOARDS_DIR = `${PROVISIONING_DIR}dashboards/json/`;

export interface PanelQuery {
  dashboardUid: string;
  panelId: number;
  title: string;
  refId: string;
  format: string;
  rawSql: string;
  /** The panel's minimum interval (`interval`), when it sets one. */
  interval: string | undefined;
  datasourceUid: string | undefined;
  targetDatasourceUid: string | undefined;
}

interface DashboardVariable {
  name: string;
  type: string;
  hide: number;
  /** What the variable holds unless told otherwise (the compose default). */
  value: string;
}

export interface Dashboard {
  file: string;
  uid: string;
  title: string;
  /** The JSON as read, for checks of fields this module does not model. */
  json: Record<string, unknown>;
  variables: DashboardVariable[];
  panels: PanelQuery[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const objects = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const uidOf = (value: unknown): string | undefined =>
  isObject(value) && typeof value.uid === 'string' ? value.uid : undefined;

function variablesOf(json: Json): DashboardVariable[] {
  const templating = isObject(json.templating) ? json.templating : {};
  return objects(templating.list).map((v) => ({
    name: text(v.name),
    type: text(v.type),
    hide: typeof v.hide === 'number' ? v.hide : 0,
    value: isObject(v.current) ? text(v.current.value) : text(v.query),
  }));
}

/** Panels inside rows count too, as Grafana shows them. */
function panelsOf(json: Json): Json[] {
  return objects(json.panels).flatMap((panel) =>
    panel.type === 'row' ? objects(panel.panels) : [panel],
  );
}

export function parseDashboard(file: string, source: string): Dashboard {
  const json: unknown = JSON.parse(source);
  if (!isObject(json)) throw new Error(`${file}: not a JSON object`);
  const uid = text(json.uid);
  const panels = panelsOf(json).flatMap((panel) => {
    const targets = objects(panel.targets);
    // A panel without a target still yields one entry, so checks can say it has no SQL.
    return (targets.length > 0 ? targets : [{}]).map((target) => ({
      dashboardUid: uid,
      panelId: typeof panel.id === 'number' ? panel.id : Number.NaN,
      title: text(panel.title),
      refId: text(target.refId),
      format: text(target.format),
      rawSql: text(target.rawSql),
      interval: typeof panel.interval === 'string' ? panel.interval : undefined,
      datasourceUid: uidOf(panel.datasource),
      targetDatasourceUid: uidOf(target.datasource),
    }));
  });
  return { file, uid, title: text(json.title), json, variables: variablesOf(json), panels };
}

export function loadDashboards(dir: string = DASHBOARDS_DIR): Dashboard[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => parseDashboard(name, readFileSync(`${dir}${name}`, 'utf8')));
}
