// `rnn-lab report RUN_DIR [-o FILE.html]`: one self-contained HTML file with the panel's
// charts (the same webview bundle, inlined, fed the run's history), to look at or share.

import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { displayPath } from '../format/lines';
import { panelPage } from '../panel/html';
import { readRunHistory } from '../panel/runHistory';
import { writeFileAtomic } from '../runs/atomicFile';
import { ExitCode } from './exitCodes';

/** Theme variables a VS Code webview would get, for a browser: light, or dark if preferred. */
const THEME = `:root { --vscode-foreground: #333; --vscode-editor-background: #fff; --vscode-panel-border: #d4d4d4;
  --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; --vscode-errorForeground: #e51400; }
@media (prefers-color-scheme: dark) { :root { --vscode-foreground: #ccc; --vscode-editor-background: #1e1e1e;
  --vscode-panel-border: #444; --vscode-errorForeground: #f14c4c; } }
/* A report is read, not driven: no Stop or Re-run. */
#stop, #rerun { display: none !important; }`;

export async function reportCommand(runDir: string, options: { output?: string }): Promise<number> {
  const dir = path.resolve(runDir);
  const reset = await readRunHistory(dir);
  if (!reset) {
    process.stderr.write(`${displayPath(dir)}: error: not a run directory (no readable run.json)\n`);
    return ExitCode.Invalid;
  }
  // The page's stand-in for the editor: answers `ready` with the run's history.
  const bootstrap = `window.acquireVsCodeApi = () => ({
    postMessage(m) { if (m.type === 'ready') window.postMessage(${JSON.stringify(reset).replace(/</g, '\\u003c')}, '*'); },
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
  });
  const output = path.resolve(options.output ?? path.join(dir, 'report.html'));
  // A new file renamed over the old one: a link planted at report.html is replaced, its target never written.
  writeFileAtomic(output, html);
  process.stdout.write(`report written to ${displayPath(output)}\n`);
  return ExitCode.Ok;
}
