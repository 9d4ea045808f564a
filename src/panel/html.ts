// The panel's page. Nothing from an experiment is interpolated here: names and messages
// reach the page only through messages, and the webview inserts them as text. The charts'
// figures come from the registry (charts.ts).

import { viewsSection } from './viewsHtml';
import { COMPARE_CHARTS, figureId, noteId, pickerId, RUN_CHARTS, type ChartSpec } from './charts';

export interface PanelPageOptions {
  /** The bundled webview script and the stylesheet: served from a URI, or inlined (reports). */
  readonly script: { readonly uri: string } | { readonly inline: string };
  readonly style: { readonly uri: string } | { readonly inline: string };
  /** The webview's own origin for styles (webview.cspSource). */
  readonly cspSource: string;
  /** Fresh per page: only the script carrying it may run. */
  readonly nonce: string;
  /** A report (rnn-lab report): the experiment and its results open at the top. */
  readonly report?: boolean;
}

/** The shared frame of every page: CSP, stylesheet, and the one script carrying the nonce. */
export function page(o: PanelPageOptions, title: string, body: string): string {
  const csp = [
    "default-src 'none'",
    `style-src ${o.cspSource} 'unsafe-inline'`,
    `font-src ${o.cspSource}`,
    `img-src ${o.cspSource} data:`,
    `script-src 'nonce-${o.nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${'uri' in o.style ? `<link rel="stylesheet" href="${o.style.uri}">` : `<style>${o.style.inline}</style>`}
<title>${title}</title>
</head>
<body>
${body}
${'uri' in o.script ? `<script nonce="${o.nonce}" src="${o.script.uri}"></script>` : `<script nonce="${o.nonce}">${o.script.inline}</script>`}
</body>
</html>`;
}

/** A chart's figure as its registry entry describes it; gated charts start hidden. */
function figure(spec: ChartSpec): string {
  const picker = spec.picker ? ` <select id="${pickerId(spec.id)}" aria-label="${spec.picker}"></select>` : '';
  const note = spec.note ? ` <span id="${noteId(spec.id)}" class="note"></span>` : '';
  const canvas = `<canvas id="${spec.id}"${spec.type === 'heatmap' ? ' class="heatmap"' : ''}></canvas>`;
  return `<figure id="${figureId(spec.id)}"${spec.onlyWithData ? ' hidden' : ''}><figcaption>${spec.caption}${picker}${note}</figcaption><div class="chart${spec.tall ? ' tall' : ''}">${canvas}</div></figure>`;
}

export function panelPage(o: PanelPageOptions): string {
  return page(
    o,
    'RNN Lab',
    `<header>
  <h1 id="name"></h1>
  <span id="status" class="status"></span>
  <span id="progress"></span>
  <span id="time"></span>
  <span id="lastLoss"></span>
  <vscode-button id="stop" hidden>Stop</vscode-button>
  <vscode-button id="rerun" secondary hidden>Re-run</vscode-button>
</header>
<p id="message"></p>
<details id="about"${o.report ? ' open' : ''}>
  <summary>Experiment and results</summary>
  <table id="results"><tbody></tbody></table>
  <table id="experiment"><thead><tr><th>setting</th><th>value</th></tr></thead><tbody></tbody></table>
</details>
<section class="toolbar">
  <div class="controls">
    <vscode-checkbox id="logLoss">log scale</vscode-checkbox>
    <label>smoothing <input type="range" id="smoothing" min="0" max="0.99" step="0.01" value="0.6"> <output id="smoothingValue" for="smoothing">0.60</output></label>
    <vscode-button id="resetZoom" secondary hidden title="Show every epoch again (or double-click a chart)">Reset zoom</vscode-button>
    <span class="hint">drag across a chart to zoom</span>
  </div>
  <div class="scrubber">
    <vscode-button id="play" secondary>Play</vscode-button>
    <input type="range" id="epoch" min="0" max="0" value="0" aria-label="selected epoch">
    <span id="epochLabel"></span>
  </div>
</section>
<main class="grid">
  ${RUN_CHARTS.map(figure).join('\n  ')}
</main>
${viewsSection(figure)}`,
  );
}

/** Compare: the runs' loss curves overlaid, and a table of the settings that differ. */
/**
 * Compare's table never breaks a word: it scrolls sideways; below 480 px it gives way to a card
 * per run (what a narrow column can show), each headed by the run in its colour.
 */
const COMPARE_STYLE = `<style>
#settings th, #settings td { overflow-wrap: normal; word-break: normal; min-width: 5em; }
#settings thead th.run { border-bottom: 3px solid var(--run-colour); }
#runCards { display: none; }
.runCard { margin: 10px 0; }
.runCard h3 { font-size: 1em; margin: 0 0 4px; padding-left: 8px; border-left: 4px solid var(--run-colour); cursor: pointer; overflow-wrap: break-word; }
.runCard dl { margin: 0; display: grid; grid-template-columns: minmax(0, 1fr); }
.runCard dt { opacity: 0.75; font-size: 0.9em; overflow-wrap: break-word; margin-top: 4px; }
.runCard dd { margin: 0 0 0 8px; overflow-wrap: break-word; }
.runCard dd.result { font-weight: 600; }
@media (max-width: 480px) {
  .scroll { display: none; }
  #runCards { display: block; }
}
</style>`;

export function comparePage(o: PanelPageOptions): string {
  return page(
    o,
    'RNN Lab: Compare',
    `${COMPARE_STYLE}
<header>
  <h1>Compare runs</h1>
</header>
<section class="toolbar">
  <div class="controls">
    <vscode-checkbox id="logLoss">log scale</vscode-checkbox>
    <vscode-checkbox id="showVal">validation loss</vscode-checkbox>
    <vscode-checkbox id="progress" title="x: the share of its epochs each run trained, so a 40-epoch run and a 3,000-epoch run span the same width">normalize to progress</vscode-checkbox>
    <vscode-button id="resetZoom" secondary hidden>Reset zoom</vscode-button>
    <span class="hint">drag across the chart to zoom</span>
  </div>
</section>
<main>
  ${COMPARE_CHARTS.map(figure).join('\n  ')}
  <h2>Results and the settings that differ</h2>
  <div class="scroll"><table id="settings"><thead></thead><tbody></tbody></table></div>
  <div id="runCards"></div>
  <p id="same" hidden>The runs have the same settings (the differences are in the data files or the code that trained them).</p>
</main>`,
  );
}
