// The Experiments table's page: a toolbar (filter, grouping, columns, Compare), the sweep's
// charts (shown for a sweep), and the table. Rows and names reach it only through messages.

import { page, type PanelPageOptions } from './html';

/** Table and chart layout; colours are the workbench theme's only. */
const STYLE = `
#filter { flex: 1 1 260px; background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, var(--vscode-panel-border)); padding: 3px 6px; font: inherit; }
#filterProblem { color: var(--vscode-errorForeground); min-height: 1.2em; font-size: 0.9em; }
button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: none; padding: 4px 10px; font: inherit; cursor: pointer; }
/* Disabled, Compare does not look like the thing to press: the secondary colours, faded. */
button:disabled { background: var(--vscode-button-secondaryBackground, transparent); color: var(--vscode-button-secondaryForeground, var(--vscode-foreground)); opacity: 0.6; cursor: default; outline: 1px solid var(--vscode-panel-border); }
#columns { position: relative; }
#columns summary { cursor: pointer; }
#columnList { position: absolute; z-index: 2; background: var(--vscode-editorWidget-background, var(--vscode-editor-background)); border: 1px solid var(--vscode-panel-border); padding: 6px 10px; max-height: 60vh; overflow: auto; white-space: nowrap; }
#columnList label { display: block; }
.scroll { overflow-x: auto; }
table#runs { border-collapse: collapse; font-variant-numeric: tabular-nums; }
#runs th, #runs td { padding: 2px 8px; border-bottom: 1px solid var(--vscode-panel-border); text-align: left; white-space: nowrap; }
#runs td.number { text-align: right; }
#runs thead th { position: sticky; top: 0; background: var(--vscode-editor-background); cursor: pointer; user-select: none; }
#runs thead th.sorted::after { content: ' ▲'; }
#runs thead th.sorted.descending::after { content: ' ▼'; }
#runs tr.group th { text-align: left; padding-top: 10px; font-weight: 600; cursor: default; }
#runs tbody tr.run:hover { background: var(--vscode-list-hoverBackground); }
#runs tbody tr.selected { background: var(--vscode-list-inactiveSelectionBackground); }
#runs tbody tr.best td.name { font-weight: 600; }
.status-completed { color: var(--vscode-charts-green); }
.status-running { color: var(--vscode-charts-blue); }
.status-cancelled, .status-interrupted, .status-pruned { color: var(--vscode-charts-yellow); }
.status-diverged, .status-failed { color: var(--vscode-errorForeground); }
.mark { opacity: 0.7; font-size: 0.85em; margin-left: 6px; }
/* A narrow column: the status as a coloured mark (its word in the tooltip), names wrap. */
body.narrow #runs td .runStatus { font-size: 0; }
body.narrow #runs td .runStatus::before { content: '●'; font-size: 13px; }
body.narrow #runs .mark { display: none; }
body.narrow #runs td.name { white-space: normal; overflow-wrap: break-word; min-width: 7em; max-width: 14em; }
body.narrow #runs th, body.narrow #runs td { padding: 2px 4px; }
#sweepCharts figure { margin-bottom: 12px; }
.chart.tall { height: 320px; }
.chart.small { height: 200px; }
`;

export function experimentsPage(o: PanelPageOptions): string {
  return page(
    o,
    'RNN Lab: Experiments',
    `<style>${STYLE}</style>
<header>
  <h1 id="title">Experiments</h1>
  <span id="count"></span>
</header>
<section class="toolbar">
  <div class="controls">
    <input id="filter" type="text" spellcheck="false" placeholder="filter, e.g. valLoss < 0.5 and status = completed" aria-label="filter">
    <label>group by <select id="groupBy"><option value="none">nothing</option><option value="experiment">experiment</option><option value="sweep">sweep</option></select></label>
    <details id="columns"><summary>Columns</summary><div id="columnList"></div></details>
    <button id="compare" disabled title="Plot the selected runs' curves together (2–7 runs)">Compare selected</button>
    <span id="selection" class="hint">click rows to select them; double-click opens a run</span>
  </div>
  <div id="filterProblem"></div>
</section>
<section id="sweepCharts" hidden>
  <h2 id="sweepTitle"></h2>
  <figure><figcaption id="parallelCaption">Parameters → metric: one line per trial, the best in bold</figcaption><div class="chart tall"><canvas id="parallel"></canvas></div></figure>
  <div id="scatters" class="grid"></div>
</section>
<p id="narrowNote" class="note" hidden>A narrow column shows each run's name and result: widen it for every column.</p>
<div class="scroll"><table id="runs"><thead></thead><tbody></tbody></table></div>
<p id="empty" hidden>No run matches the filter.</p>`,
  );
}
