// What the Experiments table shows of its rows, as pure functions the webview calls and the
// tests check: the columns (every varying hyperparameter, the metrics some run has), filters
// such as `valLoss < 0.5 and status = completed`, sorting and grouping.

import { METRIC_COLUMNS, type ExperimentRow, type GroupBy, type SortState } from './experimentsProtocol';

export type ColumnKind = 'text' | 'number' | 'param';

export interface Column {
  readonly id: string;
  readonly title: string;
  readonly kind: ColumnKind;
}

const METRIC_TITLES: Record<string, string> = {
  loss: 'loss',
  bestLoss: 'best loss',
  valLoss: 'val loss',
  bestValLoss: 'best val loss',
  accuracy: 'acc',
  bestAccuracy: 'best acc',
  valAccuracy: 'val acc',
  bestValAccuracy: 'best val acc',
  perplexity: 'ppl',
  bestPerplexity: 'best ppl',
  valPerplexity: 'val ppl',
  bestValPerplexity: 'best val ppl',
};

/** status, name, experiment, sweep, the metrics some row has, epochs, duration, started, then the hyperparameters. */
export function columnsOf(rows: readonly ExperimentRow[], params: readonly string[]): Column[] {
  const some = (has: (r: ExperimentRow) => boolean) => rows.some(has);
  return [
    { id: 'status', title: 'status', kind: 'text' },
    { id: 'name', title: 'name', kind: 'text' },
    { id: 'engine', title: 'engine', kind: 'text' },
    ...(new Set(rows.map((r) => r.source)).size > 1
      ? [{ id: 'experiment', title: 'experiment', kind: 'text' as const }]
      : []),
    ...(some((r) => r.sweep !== null) ? [{ id: 'sweep', title: 'sweep', kind: 'text' as const }] : []),
    ...METRIC_COLUMNS.filter((m) => some((r) => r.metrics[m] !== null)).map((m) => ({
      id: m,
      title: METRIC_TITLES[m],
      kind: 'number' as const,
    })),
    { id: 'epochs', title: 'epochs', kind: 'number' },
    { id: 'duration', title: 'duration', kind: 'number' },
    { id: 'started', title: 'started', kind: 'text' },
    ...params.map((p) => ({ id: p, title: p, kind: 'param' as const })),
  ];
}

/** A cell's value for sorting and filtering: a number, a string, or null (nothing). */
export function cellValue(row: ExperimentRow, column: string): number | string | null {
  switch (column) {
    case 'status':
      return row.status;
    case 'name':
      return row.name ?? '';
    case 'engine':
      return row.engine;
    case 'experiment':
      return row.experiment;
    case 'sweep':
      return row.sweep ? `${row.sweep.id} #${row.sweep.trial}` : null;
    case 'trial':
      return row.sweep?.trial ?? null;
    case 'epochs':
      return row.epochsCompleted;
    case 'duration':
      return row.durationMs === null ? null : row.durationMs / 1000;
    case 'started':
      return row.startedAt;
    default:
      if ((METRIC_COLUMNS as readonly string[]).includes(column))
        return row.metrics[column as keyof ExperimentRow['metrics']];
      if (column in row.values) {
        const v = row.values[column];
        return typeof v === 'number' ? v : (row.params[column] ?? null);
      }
      return null;
  }
}

export type Op = '<' | '<=' | '>' | '>=' | '=' | '!=' | '~';
export interface Clause {
  readonly column: string;
  readonly op: Op;
  readonly value: string;
}

/** The parsed filter, or the first problem in it (said so that it can be fixed). */
export type Filter = { readonly clauses: Clause[] } | { readonly problem: string };

const CLAUSE = /^\s*([A-Za-z_$][\w$.[\]]*)\s*(<=|>=|!=|==|=|<|>|~)\s*(?:"([^"]*)"|'([^']*)'|(\S+))\s*$/;
const FILTER_COLUMNS = [
  'status',
  'name',
  'experiment',
  'sweep',
  'trial',
  'engine',
  'epochs',
  'duration',
  'started',
  ...METRIC_COLUMNS,
];

/**
 * `valLoss < 0.5 and status = completed`: clauses joined by `and`, `&&` or `,`; a column is a
 * metric, status, name, experiment, sweep, trial, engine, epochs, duration (seconds), or a
 * hyperparameter by its path or the end of it (`learningRate`, `layers[0].units`). `~` is
 * "contains". Words without an operator search every text.
 */
export function parseFilter(text: string, params: readonly string[]): Filter {
  const clauses: Clause[] = [];
  for (const part of text
    .split(/\s+and\s+|\s*&&\s*|\s*,\s*/i)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = CLAUSE.exec(part);
    if (!m) {
      if (/[<>=!~]/.test(part))
        return { problem: `cannot read "${part}": write column, operator, value (valLoss < 0.5)` };
      clauses.push({ column: '*', op: '~', value: part });
      continue;
    }
    const column = resolveColumn(m[1], params);
    if (typeof column !== 'string') return column;
    clauses.push({ column, op: (m[2] === '==' ? '=' : m[2]) as Op, value: m[3] ?? m[4] ?? m[5] });
  }
  return { clauses };
}

function resolveColumn(name: string, params: readonly string[]): string | { problem: string } {
  const lower = name.toLowerCase();
  const exact = [...FILTER_COLUMNS, ...params].find((c) => c.toLowerCase() === lower);
  if (exact) return exact;
  const tails = params.filter((p) => p.toLowerCase().endsWith(`.${lower}`));
  if (tails.length === 1) return tails[0];
  if (tails.length > 1) return { problem: `"${name}" could be ${tails.join(' or ')}: write more of the path` };
  return {
    problem: `no column "${name}": use ${['valLoss', 'loss', 'status', 'epochs', 'duration'].join(', ')}, … or a hyperparameter`,
  };
}

export function matches(row: ExperimentRow, clauses: readonly Clause[]): boolean {
  return clauses.every((c) => {
    if (c.column === '*') {
      const words = [
        row.status,
        row.name ?? '',
        row.experiment,
        row.sweep?.id ?? '',
        row.engine,
        ...row.marks,
        ...Object.values(row.params),
      ]
        .join(' ')
        .toLowerCase();
      return words.includes(c.value.toLowerCase());
    }
    const v = cellValue(row, c.column);
    if (v === null) return c.op === '!=';
    const n = Number(c.value);
    if (typeof v === 'number' && c.value.trim() !== '' && Number.isFinite(n)) return compare(v, n, c.op);
    const s = String(v).toLowerCase();
    const t = c.value.toLowerCase();
    return c.op === '~' ? s.includes(t) : compare(s.localeCompare(t, undefined, { numeric: true }), 0, c.op);
  });
}

function compare(a: number, b: number, op: Op): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '~':
      return String(a).includes(String(b));
    default: {
      const unhandled: never = op;
      throw new Error(`unknown operator ${String(unhandled)}`);
    }
  }
}

/** Rows in the sort's order (nothing last, whichever the direction); ties keep the newest first. */
export function sortRows(rows: readonly ExperimentRow[], sort: SortState | undefined): ExperimentRow[] {
  // ISO 8601 times in UTC sort as strings.
  const newest = [...rows].sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
  if (!sort) return newest;
  const sign = sort.descending ? -1 : 1;
  return newest.sort((a, b) => {
    const x = cellValue(a, sort.column);
    const y = cellValue(b, sort.column);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    if (typeof x === 'number' && typeof y === 'number') return sign * (x - y);
    return sign * String(x).localeCompare(String(y), undefined, { numeric: true });
  });
}

export interface RowGroup {
  readonly key: string;
  readonly title: string;
  readonly rows: ExperimentRow[];
}

/** Groups in order of their first row (rows keep their order within a group). */
export function groupRows(rows: readonly ExperimentRow[], by: GroupBy): RowGroup[] {
  if (by === 'none') return [{ key: '', title: '', rows: [...rows] }];
  const groups = new Map<string, RowGroup>();
  for (const r of rows) {
    const key = by === 'experiment' ? r.source : (r.sweep?.id ?? '');
    const title =
      by === 'experiment' ? r.experiment : r.sweep ? `sweep ${r.sweep.id} (${r.experiment})` : 'not in a sweep';
    const group = groups.get(key) ?? { key, title, rows: [] };
    group.rows.push(r);
    groups.set(key, group);
  }
  return [...groups.values()];
}
