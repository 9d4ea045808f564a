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

/** A theme as VS Code hands it to a webview: its --vscode-* variables and the class on <body>. */
export type Theme = Record<string, string> & { readonly kind?: string };

/** What VS Code's Dark Modern, Light Modern and Dark High Contrast give a webview (the variables the pages read). */
export const DARK: Theme = {
  kind: 'vscode-dark',
  '--vscode-foreground': '#cccccc',
  '--vscode-editor-background': '#1e1e1e',
  '--vscode-panel-border': '#444444',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-red': '#f14c4c',
  '--vscode-settings-checkboxBackground': '#313131',
  '--vscode-settings-checkboxBorder': '#3c3c3c',
  '--vscode-focusBorder': '#0078d4',
};
export const LIGHT: Theme = {
  kind: 'vscode-light',
  '--vscode-foreground': '#333333',
  '--vscode-editor-background': '#ffffff',
  '--vscode-panel-border': '#d4d4d4',
  '--vscode-charts-blue': '#1a85ff',
  '--vscode-charts-orange': '#c27d1a',
  '--vscode-charts-green': '#388a34',
  '--vscode-charts-red': '#e51400',
  '--vscode-settings-checkboxBackground': '#f8f8f8',
  '--vscode-settings-checkboxBorder': '#cecece',
  '--vscode-settings-checkboxForeground': '#1f1f1f',
  '--vscode-button-secondaryBackground': '#e5e5e5',
  '--vscode-button-secondaryForeground': '#3b3b3b',
  '--vscode-focusBorder': '#005fb8',
};
export const HIGH_CONTRAST: Theme = {
  kind: 'vscode-high-contrast',
  '--vscode-foreground': '#ffffff',
  '--vscode-editor-background': '#000000',
  '--vscode-panel-border': '#6fc3df',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-red': '#f14c4c',
  '--vscode-settings-checkboxBackground': '#000000',
  '--vscode-settings-checkboxBorder': '#6fc3df',
  '--vscode-focusBorder': '#f38518',
};

/** Switches the page's theme the way VS Code does: variables on <html>, the kind as <body>'s class. */
export async function setTheme(page: Page, theme: Theme): Promise<void> {
  await page.evaluate((t) => {
    for (const [k, v] of Object.entries(t)) if (k.startsWith('--')) document.documentElement.style.setProperty(k, v);
    if (t.kind) document.body.className = t.kind;
  }, theme);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--allow-file-access-from-files',
    ],
  });
}

/** Writes a page made by one of src/panel/html.ts's functions, loading dist/<script>.js; returns its URL. */
export function writePage(make: (o: PanelPageOptions) => string, script: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'rnn-lab-page-')), 'page.html');
  writeFileSync(
    file,
    make({
      script: { uri: pathToFileURL(path.join(ROOT, 'dist', `${script}.js`)).href },
      style: { uri: pathToFileURL(path.join(ROOT, 'media/panel.css')).href },
      cspSource: 'file:',
      nonce: 'testnonce',
    }),
  );
  return pathToFileURL(file).href;
}

/** Opens the page and waits for its `ready`. Posted messages land in window.__posted. */
export async function openWebview(
  browser: Browser,
  url: string,
  theme: Theme = DARK,
  viewport = { width: 1300, height: 1000 },
): Promise<Page> {
  const page = await browser.newPage({ viewport });
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
  await page.addStyleTag({
    content: `:root { ${Object.entries(theme)
      .filter(([k]) => k.startsWith('--'))
      .map(([k, v]) => `${k}: ${v};`)
      .join(' ')} }`,
  });
  if (theme.kind)
    await page.evaluate((kind) => {
      document.body.className = kind;
    }, theme.kind);
  await page.waitForFunction(() => (window as any).__posted.some((m: { type: string }) => m.type === 'ready'));
  return page;
}
