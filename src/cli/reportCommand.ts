// `rnn-lab report RUN_DIR [-o FILE.html]`: one self-contained HTML file with the panel's
// charts (the same webview bundle, inlined, fed the run's history), to look at or share: the
// experiment's settings, its dates and its final and best losses at the top.

import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { outputFileProblem, pathError, readFailure } from '../data/readFailure';
import { displayPath } from '../format/lines';
import { panelPage } from '../panel/html';
import type { HostToPanel } from '../panel/protocol';
import { readRunAbout } from '../panel/runFacts';
import { readRunHistory } from '../panel/runHistory';
import { writeFileAtomic } from '../runs/atomicFile';
import { ExitCode } from './exitCodes';

/**
 * Theme variables a VS Code webview would get (Light+ and Dark+), for a browser: light, or dark
 * if preferred. The controls need theirs too: without them a checkbox is a black square.
 */
const THEME = `:root { --vscode-foreground: #3b3b3b; --vscode-editor-background: #fff; --vscode-panel-border: #d4d4d4;
  --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; --vscode-font-weight: normal;
  --vscode-editor-font-family: ui-monospace, monospace; --vscode-errorForeground: #e51400; --vscode-focusBorder: #005fb8;
  --vscode-settings-checkboxBackground: #f8f8f8; --vscode-settings-checkboxBorder: #cecece; --vscode-settings-checkboxForeground: #1f1f1f;
  --vscode-button-background: #005fb8; --vscode-button-foreground: #fff; --vscode-button-hoverBackground: #0258a8; --vscode-button-border: transparent;
  --vscode-button-secondaryBackground: #e5e5e5; --vscode-button-secondaryForeground: #3b3b3b; --vscode-button-secondaryHoverBackground: #cccccc;
  --vscode-dropdown-background: #fff; --vscode-dropdown-foreground: #3b3b3b; --vscode-dropdown-border: #cecece;
  --vscode-charts-blue: #1a85ff; --vscode-charts-green: #388a34; --vscode-charts-yellow: #bf8803; }
@media (prefers-color-scheme: dark) { :root { --vscode-foreground: #ccc; --vscode-editor-background: #1f1f1f; --vscode-panel-border: #2b2b2b;
  --vscode-errorForeground: #f85149; --vscode-focusBorder: #0078d4;
  --vscode-settings-checkboxBackground: #313131; --vscode-settings-checkboxBorder: #3c3c3c; --vscode-settings-checkboxForeground: #ccc;
  --vscode-button-background: #0078d4; --vscode-button-hoverBackground: #026ec1;
  --vscode-button-secondaryBackground: #313131; --vscode-button-secondaryForeground: #ccc; --vscode-button-secondaryHoverBackground: #3c3c3c;
  --vscode-dropdown-background: #313131; --vscode-dropdown-foreground: #ccc; --vscode-dropdown-border: #3c3c3c;
  --vscode-charts-blue: #3794ff; --vscode-charts-green: #89d185; --vscode-charts-yellow: #cca700; } }
/* A report is read, not driven: no Stop or Re-run. */
#stop, #rerun { display: none !important; }`;

export async function reportCommand(runDir: string, options: { output?: string }): Promise<number> {
  const dir = path.resolve(runDir);
  const output = path.resolve(options.output ?? path.join(dir, 'report.html'));
  // A FIFO, a device, a directory or a missing folder as -o: said before anything is read.
  const notWritable = options.output === undefined ? undefined : await outputFileProblem(output);
  if (notWritable) {
    process.stderr.write(`${pathError(displayPath(output), notWritable)}\n`);
    return ExitCode.Invalid;
  }
  const reset = await readRunHistory(dir);
  if (!reset) {
    process.stderr.write(`${displayPath(dir)}: error: not a run directory (no readable run.json)\n`);
    return ExitCode.Invalid;
  }
  const messages: HostToPanel[] = [reset, { type: 'about', about: await readRunAbout(dir) }];
  // The page's stand-in for the editor: answers `ready` with the run's history and what it came to.
  const bootstrap = `window.acquireVsCodeApi = () => ({
    postMessage(m) { if (m.type === 'ready') for (const r of ${JSON.stringify(messages).replace(/</g, '\\u003c')}) window.postMessage(r, '*'); },
    setState() {}, getState() { return undefined; },
  });`;
  const [bundle, css] = await Promise.all([
    readFile(path.join(__dirname, 'webview.js'), 'utf8'),
    readFile(path.join(__dirname, '..', 'media', 'panel.css'), 'utf8'),
  ]);
  const html = panelPage({
    script: { inline: `${bootstrap}\n${bundle}`.replace(/<\/script/gi, '<\\/script') },
    style: { inline: `${THEME}\n${css}` },
    cspSource: "'self'",
    nonce: 'report',
    report: true,
  });
  // A new file renamed over the old one: a link planted at report.html is replaced, its target never written.
  try {
    writeFileAtomic(output, html);
  } catch (err) {
    process.stderr.write(`${pathError(displayPath(output), `cannot write: ${readFailure(output, err)}`)}\n`);
    return ExitCode.Invalid;
  }
  process.stdout.write(`report written to ${displayPath(output)}\n`);
  return ExitCode.Ok;
}
