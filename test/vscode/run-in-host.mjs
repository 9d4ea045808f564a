// Runs the mocha suite (out/test/vscode/suite) INSIDE the extension host of a real VS Code
// (code-server), with this folder as the development extension — what @vscode/test-electron
// does with desktop VS Code, which cannot be downloaded here. Exit code = test result.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { freePort, makeWorkspace, ROOT, startCodeServer } from './codeServer.mjs';

const TIMEOUT_MS = 240000;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-vscode-'));
const workspace = makeWorkspace(scratch);
const port = await freePort();
let exitCode = 1;
const server = await startCodeServer({ scratch, port, smokeTestDriver: true });
try {
  const { page } = server;
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
