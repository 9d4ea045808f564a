/// <reference lib="dom" />
// A webview page in a real browser (Debian's chromium via playwright-core), with a stand-in
// acquireVsCodeApi that records what the page posts and keeps its state.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { PanelPageOptions } from '../../src/panel/html';

export const ROOT = path.resolve(__dirname, '../..');
export const SHOTS = path.join(ROOT, 'test-output');

export const DARK = { '--vscode-foreground': '#cccccc', '--vscode-editor-background': '#1e1e1e', '--vscode-panel-border': '#444444', '--vscode-charts-blue': '#3794ff', '--vscode-charts-orange': '#d18616', '--vscode-charts-green': '#89d185', '--vscode-charts-red': '#f14c4c' };
export const LIGHT = { '--vscode-foreground': '#333333', '--vscode-editor-background': '#ffffff', '--vscode-panel-border': '#d4d4d4', '--vscode-charts-blue': '#1a85ff', '--vscode-charts-orange': '#c27d1a', '--vscode-charts-green': '#388a34', '--vscode-charts-red': '#e51400' };

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--allow-file-access-from-files'],
  });
}

/** Writes a page made by one of src/panel/html.ts's functions, loading dist/<script>.js; returns its URL. */
export function writePage(make: (o: PanelPageOptions) => string, script: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'rnn-lab-page-')), 'page.html');
  writeFileSync(file, make({
    script: { uri: pathToFileURL(path.join(ROOT, 'dist', `${script}.js`)).href },
    style: { uri: pathToFileURL(path.join(ROOT, 'media/panel.css')).href },
    cspSource: 'file:', nonce: 'testnonce',
  }));
  return pathToFileURL(file).href;
}

/** Opens the page and waits for its `ready`. Posted messages land in window.__posted. */
export async function openWebview(browser: Browser, url: string, theme: Record<string, string> = DARK): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
  // A string, not a function: tsx would wrap a function with helpers the page does not have.
  await page.addInitScript({
    content: `window.__posted = [];
      window.acquireVsCodeApi = () => ({
        postMessage: (m) => window.__posted.push(m),
        setState: (s) => { window.__state = s; },
        getState: () => window.__state,
      });`,
  });
  await page.goto(url);
  await page.addStyleTag({ content: `:root { ${Object.entries(theme).map(([k, v]) => `${k}: ${v};`).join(' ')} }` });
  await page.waitForFunction(() => (window as any).__posted.some((m: { type: string }) => m.type === 'ready'));
  return page;
}
