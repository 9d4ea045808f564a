// The Experiments table: a pure view of the host's `rows` message (src/panel/experimentsProtocol.ts).
// One row per run; columns for the metrics and every hyperparameter that varies among the runs
// shown; sorting, filtering and grouping (src/panel/experimentsQuery.ts); the reader's column
// choice, sort, filter and grouping kept with setState; selected rows go to Compare.

import type {
  ExperimentRow,
  ExperimentsState,
  ExperimentsToHost,
  GroupBy,
  HostToExperiments,
  SortState,
} from '../src/panel/experimentsProtocol';
import {
  cellValue,
  columnsOf,
  groupRows,
  matches,
  parseFilter,
  sortRows,
  type Column,
} from '../src/panel/experimentsQuery';
import { formatDuration } from '../src/format/duration';
import { formatDateTime, formatNumber, formatWhen } from '../src/format/numbers';
import { drawSweepCharts, type SweepCharts } from './experimentsCharts';
import { vscodeApi } from './vscodeApi';

const vscode = vscodeApi<ExperimentsToHost, ExperimentsState>();
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Compare overlays this many runs at most (src/panel/comparison.ts). */
const COMPARE_MIN = 2;
const COMPARE_MAX = 7;

let data: HostToExperiments | undefined;
const saved = vscode.getState();
let hidden = new Set(saved?.hidden ?? []);
let shownDerived = new Set(saved?.shownDerived ?? []);
let sort: SortState | undefined = saved?.sort;
let groupBy: GroupBy = saved?.groupBy ?? 'none';
const selected = new Set<string>();
let shown: ExperimentRow[] = [];
let charts: SweepCharts | undefined;
$<HTMLInputElement>('filter').value = saved?.filter ?? '';
$<HTMLSelectElement>('groupBy').value = groupBy;

/** For the browser tests: what the page shows, and its charts. */
(window as unknown as { rnnLabExperiments: unknown }).rnnLabExperiments = {
  shownRuns: () => shown.map((r) => r.runDir),
  charts: () => charts,
};

let resizeTimer: number | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(render, 120);
});

window.addEventListener('message', (event: MessageEvent<HostToExperiments>) => {
  const m = event.data;
  switch (m.type) {
    case 'rows':
      data = m;
      for (const dir of [...selected]) if (!m.rows.some((r) => r.runDir === dir)) selected.delete(dir);
      render();
      break;
    default: {
      const unhandled: never = m.type;
      throw new Error(`unknown message ${String(unhandled)}`);
    }
  }
});

let filterTimer: number | undefined;
$('filter').addEventListener('input', () => {
  clearTimeout(filterTimer);
  filterTimer = window.setTimeout(render, 120);
});
$('groupBy').addEventListener('change', () => {
  groupBy = $<HTMLSelectElement>('groupBy').value as GroupBy;
  render();
});
/** One listener for every row (a thousand rows, a thousand listeners, would slow opening). */
const rowOf = (e: Event) => (e.target as HTMLElement).closest<HTMLTableRowElement>('tr.run')?.dataset.runDir;
$('runs').addEventListener('click', (e) => {
  const dir = rowOf(e);
  if (dir) toggle(dir);
});
$('runs').addEventListener('dblclick', (e) => {
  const dir = rowOf(e);
  if (dir) vscode.postMessage({ type: 'open', runDir: dir });
});
$('compare').addEventListener('click', () =>
  vscode.postMessage({ type: 'compare', runDirs: shown.map((r) => r.runDir).filter((d) => selected.has(d)) }),
);

function keep(): void {
  if (!data) return;
  vscode.setState({
    scope: data.scope,
    hidden: [...hidden],
    ...(sort ? { sort } : {}),
    filter: $<HTMLInputElement>('filter').value,
    groupBy,
    shownDerived: [...shownDerived],
  });
}

function render(): void {
  if (!data) return;
  keep();
  $('title').textContent = data.title;
  const filter = parseFilter($<HTMLInputElement>('filter').value, data.params);
  $('filterProblem').textContent = 'problem' in filter ? filter.problem : '';
  const filtered = 'problem' in filter ? data.rows : data.rows.filter((r) => matches(r, filter.clauses));
  const all = columnsOf(
    filtered,
    data.params.filter((p) => varies(filtered, p)),
  );
  renderColumnList(columnsOf(data.rows, data.params));
  const chosen = all.filter(isShown);
  const narrow = narrowColumns(chosen);
  const columns = narrow ?? chosen;
  document.body.classList.toggle('narrow', narrow !== undefined);
  $('narrowNote').hidden = narrow === undefined;
  const groups = groupRows(sortRows(filtered, sort), groupBy);
  shown = groups.flatMap((g) => g.rows);
  $('count').textContent = `${filtered.length} of ${data.rows.length} run${data.rows.length === 1 ? '' : 's'}`;
  $('empty').hidden = filtered.length > 0 || data.rows.length === 0;
  renderHead(columns);
  renderBody(columns, groups);
  renderSelection();
  renderSweep(filtered);
}

/**
 * In a sweep, a setting that is not swept varies only because a swept one does (a layer type
 * brings its own init and activation): not a column of its own unless asked for.
 */
function isDerived(c: Column): boolean {
  return c.kind === 'param' && data?.sweep != null && !data.sweep.parameters.includes(c.id);
}

function isShown(c: Column): boolean {
  return isDerived(c) ? shownDerived.has(c.id) : !hidden.has(c.id);
}

/** Below this width the table shows what tells runs apart and how they did, not every column. */
const NARROW_PX = 520;

/**
 * In a narrow column: the status (as a coloured mark), the name (a sweep trial's names its
 * parameters) and the metric that ranks the runs (the sweep's, else the best validation or
 * training loss). undefined where there is room for every chosen column.
 */
function narrowColumns(chosen: readonly Column[]): Column[] | undefined {
  if (window.innerWidth >= NARROW_PX) return undefined;
  const metric = [data?.sweep?.metric, 'bestValLoss', 'valLoss', 'bestLoss', 'loss'].find((m) =>
    chosen.some((c) => c.id === m),
  );
  const keep = new Set(['status', 'name', metric]);
  return chosen.filter((c) => keep.has(c.id));
}

/** A hyperparameter column is shown only while it tells the shown runs apart. */
function varies(rows: readonly ExperimentRow[], path: string): boolean {
  return new Set(rows.map((r) => r.params[path])).size > 1;
}

function renderHead(columns: readonly Column[]): void {
  const head = $<HTMLTableElement>('runs').tHead!;
  const tr = document.createElement('tr');
  tr.appendChild(document.createElement('th'));
  for (const c of columns) {
    const th = document.createElement('th');
    th.textContent = c.title;
    th.dataset.column = c.id;
    th.title = c.kind === 'param' ? `${c.id}: click to sort` : 'click to sort';
    if (sort?.column === c.id) th.className = `sorted${sort.descending ? ' descending' : ''}`;
    th.addEventListener('click', () => {
      sort =
        sort?.column === c.id
          ? sort.descending
            ? undefined
            : { column: c.id, descending: true }
          : { column: c.id, descending: false };
      render();
    });
    tr.appendChild(th);
  }
  head.replaceChildren(tr);
}

function renderBody(columns: readonly Column[], groups: ReturnType<typeof groupRows>): void {
  const body = $<HTMLTableElement>('runs').tBodies[0];
  const fragment = document.createDocumentFragment();
  const best = data?.sweep?.bestRunDir;
  for (const g of groups) {
    if (groupBy !== 'none') {
      const tr = document.createElement('tr');
      tr.className = 'group';
      const th = document.createElement('th');
      th.colSpan = columns.length + 1;
      th.textContent = `${g.title} — ${g.rows.length} run${g.rows.length === 1 ? '' : 's'}`;
      tr.appendChild(th);
      fragment.appendChild(tr);
    }
    for (const r of g.rows) {
      const tr = document.createElement('tr');
      tr.className = `run${selected.has(r.runDir) ? ' selected' : ''}${r.runDir === best ? ' best' : ''}`;
      tr.dataset.runDir = r.runDir;
      const check = document.createElement('td');
      check.textContent = selected.has(r.runDir) ? '☑' : '☐';
      tr.appendChild(check);
      for (const c of columns) tr.appendChild(cell(r, c));
      fragment.appendChild(tr);
    }
  }
  body.replaceChildren(fragment);
}

/** Built with text only: names and values come from experiment files. */
function cell(r: ExperimentRow, c: Column): HTMLTableCellElement {
  const td = document.createElement('td');
  td.className = c.id === 'name' ? 'name' : c.kind === 'number' ? 'number' : '';
  switch (c.id) {
    case 'status': {
      const status = document.createElement('span');
      status.className = `runStatus status-${r.status}`;
      status.textContent = r.status;
      status.title = r.status;
      td.appendChild(status);
      for (const mark of r.marks) {
        const m = document.createElement('span');
        m.className = 'mark';
        m.textContent = mark;
        td.appendChild(m);
      }
      return td;
    }
    case 'name':
      td.textContent = r.name ?? r.runDir.split(/[\\/]/).pop() ?? '';
      td.title = r.runDir;
      return td;
    case 'epochs':
      td.textContent = `${r.epochsCompleted}/${r.epochs}`;
      return td;
    case 'duration':
      td.textContent = r.durationMs === null ? '' : formatDuration(r.durationMs);
      return td;
    case 'started':
      td.textContent = formatWhen(r.startedAt);
      td.title = formatDateTime(r.startedAt);
      return td;
    default: {
      const v = cellValue(r, c.id);
      td.textContent =
        c.kind === 'param' ? (r.params[c.id] ?? '—') : v === null ? '' : typeof v === 'number' ? formatNumber(v) : v;
      return td;
    }
  }
}

function toggle(runDir: string): void {
  if (selected.has(runDir)) selected.delete(runDir);
  else selected.add(runDir);
  const row = $<HTMLTableElement>('runs').querySelector<HTMLTableRowElement>(
    `tr[data-run-dir="${CSS.escape(runDir)}"]`,
  );
  if (row) {
    row.classList.toggle('selected', selected.has(runDir));
    row.cells[0].textContent = selected.has(runDir) ? '☑' : '☐';
  }
  renderSelection();
}

function renderSelection(): void {
  const n = shown.filter((r) => selected.has(r.runDir)).length;
  $<HTMLButtonElement>('compare').disabled = n < COMPARE_MIN || n > COMPARE_MAX;
  $('selection').textContent =
    n === 0
      ? 'click rows to select them; double-click opens a run'
      : `${n} selected${n > COMPARE_MAX ? ` (Compare takes at most ${COMPARE_MAX})` : ''}`;
}

/** The column choice: every column any run could show, checked when shown. */
function renderColumnList(columns: readonly Column[]): void {
  const list = $('columnList');
  list.replaceChildren(
    ...columns.map((c) => {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = isShown(c);
      box.dataset.column = c.id;
      box.addEventListener('change', () => {
        if (isDerived(c)) shownDerived = toggled(shownDerived, c.id, box.checked);
        else hidden = toggled(hidden, c.id, !box.checked);
        render();
      });
      label.append(box, ` ${c.title}${isDerived(c) ? ' (follows the swept ones)' : ''}`);
      return label;
    }),
  );
}

function toggled(set: ReadonlySet<string>, id: string, on: boolean): Set<string> {
  return new Set(on ? [...set, id] : [...set].filter((x) => x !== id));
}

function renderSweep(rows: readonly ExperimentRow[]): void {
  const sweep = data?.sweep;
  $('sweepCharts').hidden = !sweep;
  if (!sweep || !data) return;
  $('sweepTitle').textContent = `Sweep ${sweep.id} of ${sweep.experiment}: ${sweep.metric} (${sweep.goal})`;
  charts = drawSweepCharts(charts, sweep, rows, data.params);
}

vscode.postMessage({ type: 'ready' });
