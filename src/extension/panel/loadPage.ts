// Puts one of our pages (src/panel/html.ts) into a webview: scripts on, only dist/ and media/
// readable, the bundled script and the shared stylesheet by webview URI, a fresh nonce.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { PanelPageOptions } from '../../panel/html';

export function loadPage(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  page: (o: PanelPageOptions) => string,
  script: string,
): void {
  const file = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...parts)).toString();
  webview.options = {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
  webview.html = page({
    script: { uri: file('dist', `${script}.js`) },
    style: { uri: file('media', 'panel.css') },
    cspSource: webview.cspSource,
    nonce: randomBytes(16).toString('base64'),
  });
}
