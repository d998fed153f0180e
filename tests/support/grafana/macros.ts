// Grafana's PostgreSQL data source turns a panel's rawSql into plain SQL in two steps: the
// front end replaces template variables (`${name}`, `$name`, `[[name]]`) and the global
// `$__interval` / `$__interval_ms`, then the back end expands the `$__macro(args)` calls
// (pkg/tsdb/grafana-postgresql-datasource/macros.go). This does the same for one time range,
// so the dashboards' SQL can run against PostgreSQL without Grafana. Pure: no I/O.

export interface ExpandContext {
  from: Date;
  to: Date;
  /** The panel's `$__interval`, in milliseconds. */
  intervalMs: number;
  /** Values of the dashboard's variables (the schema names). */
  variables: Readonly<Record<string, string>>;
}

/** Grafana's own spelling of an interval: 1d, 2h, 1m, 30s, 500ms. */
export function formatInterval(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
  ] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/** `'5m'`, `5m`, `1h`, `30s`, `100ms`, `1d` → seconds. */
export function intervalSeconds(text: string): number {
  const match = /^'?(\d+(?:\.\d+)?)(ms|s|m|h|d|w)'?$/.exec(text.trim());
  if (!match) throw new Error(`not an interval: ${text}`);
  const factor = { ms: 0.001, s: 1, m: 60, h: 3_600, d: 86_400, w: 604_800 }[
    match[2] as 'ms' | 's' | 'm' | 'h' | 'd' | 'w'
  ];
  return Number(match[1]) * factor;
}

/** The variables a query refers to, in the three syntaxes Grafana accepts. */
export function variablesIn(sql: string): string[] {
  const names = new Set<string>();
  for (const match of sql.matchAll(/\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$([A-Za-z]\w*)/g)) {
    names.add(match[1] ?? match[2] ?? match[3] ?? '');
  }
  return [...names];
}

function replaceVariables(sql: string, context: ExpandContext): string {
  const value = (name: string): string => {
    const found = context.variables[name];
    if (found === undefined) throw new Error(`variable ${name} is not defined`);
    return found;
  };
  return sql
    .replaceAll('$__interval_ms', String(context.intervalMs))
    .replaceAll('$__interval', formatInterval(context.intervalMs))
    .replace(/\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$([A-Za-z]\w*)/g, (_, a, b, c) =>
      value(String(a ?? b ?? c)),
    );
}

export interface MacroCall {
  name: string;
  args: string[];
  /** Offsets of `$__name(` and just past its closing parenthesis. */
  start: number;
  end: number;
}

/** Splits `a, f(b, c), 'x,y'` at its top-level commas. */
function splitArgs(text: string): string[] {
  if (text.trim() === '') return [];
  const args: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const char of text) {
    if (char === "'") quoted = !quoted;
    else if (!quoted && char === '(') depth++;
    else if (!quoted && char === ')') depth--;
    if (char === ',' && depth === 0 && !quoted) {
      args.push(current.trim());
      current = '';
    } else current += char;
  }
  args.push(current.trim());
  return args;
}

/** Every `$__macro(…)` call, its arguments split (nested parentheses kept whole). */
export function macroCalls(sql: string): MacroCall[] {
  const calls: MacroCall[] = [];
  const opening = /\$(__\w+)\(/g;
  for (let match = opening.exec(sql); match !== null; match = opening.exec(sql)) {
    let depth = 1;
    let index = match.index + match[0].length;
    for (; index < sql.length && depth > 0; index++) {
      if (sql[index] === '(') depth++;
      else if (sql[index] === ')') depth--;
    }
    if (depth !== 0) throw new Error(`unclosed $${match[1]}( at ${match.index}`);
    const inside = sql.slice(match.index + match[0].length, index - 1);
    calls.push({ name: match[1] ?? '', args: splitArgs(inside), start: match.index, end: index });
    opening.lastIndex = index;
  }
  return calls;
}

const quote = (date: Date): string => `'${date.toISOString()}'`;

function argument(call: MacroCall, index: number): string {
  const arg = call.args[index];
  if (arg === undefined || arg === '') throw new Error(`$${call.name} needs argument ${index + 1}`);
  return arg;
}

/** The SQL Grafana's PostgreSQL back end puts in place of one macro call. */
function expandMacro(call: MacroCall, from: Date, to: Date): string {
  const fromS = Math.floor(from.getTime() / 1000);
  const toS = Math.floor(to.getTime() / 1000);
  switch (call.name) {
    case '__time':
      return `${argument(call, 0)} AS "time"`;
    case '__timeEpoch':
      return `extract(epoch from ${argument(call, 0)}) AS "time"`;
    case '__timeFilter':
      return `${argument(call, 0)} BETWEEN ${quote(from)} AND ${quote(to)}`;
    case '__timeFrom':
      return quote(from);
    case '__timeTo':
      return quote(to);
    case '__timeGroup':
    case '__timeGroupAlias': {
      const seconds = intervalSeconds(argument(call, 1));
      const group = `floor(extract(epoch from ${argument(call, 0)})/${seconds})*${seconds}`;
      return call.name === '__timeGroupAlias' ? `${group} AS "time"` : group;
    }
    case '__unixEpochFilter':
      return `${argument(call, 0)} >= ${fromS} AND ${argument(call, 0)} <= ${toS}`;
    case '__unixEpochFrom':
      return String(fromS);
    case '__unixEpochTo':
      return String(toS);
    case '__unixEpochGroup':
    case '__unixEpochGroupAlias': {
      const seconds = intervalSeconds(argument(call, 1));
      const group = `floor((${argument(call, 0)})/${seconds})*${seconds}`;
      return call.name === '__unixEpochGroupAlias' ? `${group} AS "time"` : group;
    }
    default:
      throw new Error(`unknown macro $${call.name}`);
  }
}

/** A panel's rawSql as plain PostgreSQL for one time range, interval and schema map. */
export function expandSql(rawSql: string, context: ExpandContext): string {
  const sql = replaceVariables(rawSql, context);
  let out = '';
  let at = 0;
  for (const call of macroCalls(sql)) {
    out += sql.slice(at, call.start) + expandMacro(call, context.from, context.to);
    at = call.end;
  }
  return out + sql.slice(at);
}
