// Runs the mocha suite (out/test/vscode/suite) INSIDE the extension host of a real VS Code
// (code-server), with this folder as the development extension — what @vscode/test-electron
// does with desktop VS Code, which cannot be downloaded here. Exit code = test result.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { freePort, makeWorkspace, ROOT, startCodeServer } from './codeServer.mjs';
import { grantTrustWhenAsked } from './trustOperator.mjs';

// --untrusted: the folder opens in Restricted Mode and only suite/untrusted.test.ts runs (index.ts
// reads RNN_LAB_VSCODE_UNTRUSTED, which the extension host inherits from code-server).
const untrusted = process.argv.includes('--untrusted');

// A guard against a hung workbench, not a target: the suite trains with PyTorch too (minutes on a busy machine).
const TIMEOUT_MS = 600000;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-vscode-'));
// The suite asks for trust by writing this file (untrusted.test.ts); trustOperator.mjs then grants it as a user would.
const askTrust = path.join(scratch, 'grant-trust');
const workspace = makeWorkspace(scratch);
if (untrusted) {
  Object.assign(process.env, { RNN_LAB_VSCODE_UNTRUSTED: '1', RNN_LAB_VSCODE_ASK_TRUST: askTrust });
  // Settings of the folder that name a runs directory: they count only once it is trusted.
  fs.mkdirSync(path.join(workspace, '.vscode'));
  fs.writeFileSync(
    path.join(workspace, '.vscode/settings.json'),
    '{ "rnnLab.runsDirectory": "runs-named-by-the-folder" }\n',
  );
}
const port = await freePort();
let exitCode = 1;
const server = await startCodeServer({ scratch, port, smokeTestDriver: true, untrusted });
let operator;
try {
  const { page } = server;
  if (untrusted) operator = grantTrustWhenAsked(page, askTrust);
  let finish;
  const finished = new Promise((r) => (finish = r));
  await page.exposeFunction('codeAutomationLog', (type, args) =>
    console.log(util.format(...(Array.isArray(args) ? args : [args]))),
  );
  await page.exposeFunction('codeAutomationExit', (code) => finish(code));
  const host = `127.0.0.1:${port}`;
  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://${host}${ROOT}`],
    ['extensionTestsPath', `vscode-remote://${host}${path.join(ROOT, 'out/test/vscode/suite/index.js')}`],
    ['skipWelcome', 'true'],
  ];
  await page.goto(
    `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
  );
  const code = await Promise.race([finished, new Promise((r) => setTimeout(() => r('timeout'), TIMEOUT_MS))]);
  if (code === 'timeout') console.error(`the extension tests did not finish within ${TIMEOUT_MS / 1000} s`);
  exitCode = code === 0 ? 0 : 1;
} catch (err) {
  console.error(err);
} finally {
  operator?.stop();
  await server.stop();
  // The mocha reporter writes through the extension host into the server log.
  const log = fs.readFileSync(server.logFile, 'utf8');
  const mochaLines = log.split('\n').filter((l) => /✔|✓|passing|failing|pending|^\s+\d+\)|Error|assert/i.test(l));
  console.log(mochaLines.join('\n'));
  if (exitCode === 0) fs.rmSync(scratch, { recursive: true, force: true });
  else console.error(`kept ${scratch} for inspection`);
}
console.log(exitCode === 0 ? 'extension host suite: passed' : 'extension host suite: FAILED');
process.exit(exitCode);
