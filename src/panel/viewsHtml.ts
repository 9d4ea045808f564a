// The page section of the views of what the network learned (README "What the network
// learned"): Predictions, Samples and Hidden states, below the training charts. Their charts
// come from the registry (VIEW_CHARTS); their controls are here. Nothing from a run is
// interpolated: the webview fills every text (webview/views/).

import { VIEW_CHARTS, type ViewChart } from './charts';

type Figure = (spec: ViewChart) => string;

const chart = (figure: Figure, id: ViewChart['id']) => figure(VIEW_CHARTS.find((c) => c.id === id)!);

/** Styles of this section only (the CSP allows inline styles; media/panel.css has the rest). */
const STYLE = `<style>
.views h2 { margin-top: 24px; }
.views details { margin: 12px 0; }
.views summary { font-size: 1.1em; cursor: pointer; }
.views .controls label { display: inline-flex; gap: 4px; align-items: center; }
.views input[type=text], .views input[type=number] { background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, var(--vscode-panel-border)); }
.views input[type=number] { width: 6em; }
.views pre.sample, .views .samples li { white-space: pre-wrap; font-family: var(--vscode-editor-font-family); }
.views pre.sample { border: 1px solid var(--vscode-panel-border); padding: 8px; min-height: 1.5em; }
.views .samples { max-height: 320px; overflow: auto; padding-left: 0; list-style: none; }
.views .samples li { margin: 6px 0; padding-bottom: 6px; border-bottom: 1px solid var(--vscode-panel-border); }
.views .samples .epoch { opacity: 0.7; }
.views .probe-text { font-family: var(--vscode-editor-font-family); font-size: 1.1em; line-height: 1.7; white-space: pre-wrap; word-break: break-all; border: 1px solid var(--vscode-panel-border); padding: 8px; user-select: text; }
.views .span-units { display: flex; flex-wrap: wrap; gap: 6px; padding-left: 0; list-style: none; }
.views .span-units li { cursor: pointer; border: 1px solid var(--vscode-panel-border); padding: 1px 6px; border-radius: 8px; }
.views .span-units li.chosen { border-color: var(--vscode-focusBorder); }
.views .error { color: var(--vscode-errorForeground); }
.views .chart.confusion { height: auto; overflow-x: auto; }
.views .chart.confusion canvas { max-width: none; }
.views #fit-figure { max-width: 560px; }
.views #fit-figure .chart { height: 340px; }
</style>`;

export function viewsSection(figure: Figure): string {
  return `${STYLE}
<section id="views" class="views" hidden>
  <h2>What the network learned</h2>
  <p id="viewsNote" class="note"></p>
  <details id="predictionsView" open>
    <summary>Predictions</summary>
    <p id="predictionsNote" class="note"></p>
    <div class="grid">
      ${chart(figure, 'forecast')}
      ${chart(figure, 'fit')}
      ${chart(figure, 'confusion')}
    </div>
  </details>
  <details id="samplesView" open hidden>
    <summary>Samples</summary>
    <div class="controls">
      <label>prime <input id="samplePrime" type="text" size="18" placeholder="(first character)"></label>
      <label>length <input id="sampleLength" type="number" min="1" max="5000" value="200"></label>
      <label>temperature <input id="sampleTemperature" type="number" min="0" step="0.1" value="1"></label>
      <label>seed <input id="sampleSeed" type="number" min="0" step="1" value="0"></label>
      <vscode-button id="sampleButton">Sample</vscode-button>
      <span id="sampleNote" class="note"></span>
    </div>
    <pre id="sampleOutput" class="sample"></pre>
    <h3>Samples during training</h3>
    <p id="periodicNote" class="note"></p>
    <ol id="periodicSamples" class="samples"></ol>
  </details>
  <details id="statesView" open>
    <summary>Hidden states</summary>
    <div class="controls">
      <label id="probeSampleLabel">sample <input id="probeSample" type="number" min="0" step="1" value="0"></label>
      <label id="probeTextLabel" hidden>probe text <input id="probeText" type="text" size="48"></label>
      <label id="unitLabel" hidden>colour the text by unit <select id="unitPick"></select></label>
      <span id="statesNote" class="note"></span>
    </div>
    <div id="probeChars" class="probe-text" hidden title="Select a span to sort the units by how much more they respond inside it"></div>
    <p id="spanNote" class="note" hidden></p>
    <ol id="spanUnits" class="span-units"></ol>
    <div class="grid">
      ${chart(figure, 'states')}
      ${chart(figure, 'unitTrace')}
    </div>
  </details>
</section>`;
}
