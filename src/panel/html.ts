// The panel's page. Nothing from an experiment is interpolated here: names and messages
// reach the page only through messages, and the webview inserts them as text.

export interface PanelPageOptions {
  /** The bundled webview script and the stylesheet: served from a URI, or inlined (reports). */
  readonly script: { readonly uri: string } | { readonly inline: string };
  readonly style: { readonly uri: string } | { readonly inline: string };
  /** The webview's own origin for styles (webview.cspSource). */
  readonly cspSource: string;
  /** Fresh per page: only the script carrying it may run. */
  readonly nonce: string;
}

/** The shared frame of every page: CSP, stylesheet, and the one script carrying the nonce. */
function page(o: PanelPageOptions, title: string, body: string): string {
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

export function panelPage(o: PanelPageOptions): string {
  const figure = (id: string, title: string) => `<figure><figcaption>${title}</figcaption><div class="chart"><canvas id="${id}"></canvas></div></figure>`;
  return page(o, 'RNN Lab', `<header>
  <h1 id="name"></h1>
  <span id="status" class="status"></span>
  <span id="progress"></span>
  <span id="time"></span>
  <span id="lastLoss"></span>
  <vscode-button id="stop" hidden>Stop</vscode-button>
  <vscode-button id="rerun" secondary hidden>Re-run</vscode-button>
</header>
<p id="message"></p>
<section class="controls">
  <vscode-checkbox id="logLoss">log scale</vscode-checkbox>
  <label>smoothing <input type="range" id="smoothing" min="0" max="0.99" step="0.01" value="0.6"></label>
</section>
<main class="grid">
  ${figure('loss', 'Loss per epoch (smoothed over the faint raw curve)')}
  ${figure('weights', 'Weight norms')}
  ${figure('grads', 'Gradient norms (log)')}
  ${figure('spectral', 'Largest singular value of each Wh')}
  ${figure('flow', 'Gradient flow through time at the selected epoch')}
  <figure><figcaption>Histogram at the selected epoch <select id="matrix"></select></figcaption><div class="chart"><canvas id="histogram"></canvas></div></figure>
  <figure><figcaption>Wh at the selected epoch <select id="whMatrix"></select> <span id="heatmapLabel"></span></figcaption><div class="chart"><canvas id="heatmap" class="heatmap"></canvas></div></figure>
</main>
<section class="scrubber">
  <vscode-button id="play" secondary>Play</vscode-button>
  <input type="range" id="epoch" min="0" max="0" value="0" aria-label="selected epoch">
  <span id="epochLabel"></span>
</section>`);
}

/** Compare: the runs' loss curves overlaid, and a table of the settings that differ. */
export function comparePage(o: PanelPageOptions): string {
  return page(o, 'RNN Lab: Compare', `<header>
  <h1>Compare runs</h1>
  <vscode-checkbox id="logLoss">log scale</vscode-checkbox>
  <vscode-checkbox id="showVal">validation loss</vscode-checkbox>
</header>
<main>
  <figure><figcaption>Loss per epoch</figcaption><div class="chart tall"><canvas id="loss"></canvas></div></figure>
  <h2>Settings that differ</h2>
  <p id="same" hidden>The runs have the same settings (the differences are in the data files or the code that trained them).</p>
  <table id="settings"><thead></thead><tbody></tbody></table>
</main>`);
}
