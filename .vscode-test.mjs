// @vscode/test-cli configuration: the same in-host suite as `npm run test:vscode`, against a
// desktop VS Code that @vscode/test-electron downloads (machines that can reach Microsoft's
// servers; this project's CI cannot and uses code-server instead).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@vscode/test-cli';
import { makeWorkspace } from './test/vscode/workspace.mjs';

const workspaceFolder = makeWorkspace(fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-electron-')));

export default defineConfig({
  files: 'out/test/vscode/suite/extension.test.js',
  workspaceFolder,
  version: '1.99.0',
  mocha: { ui: 'tdd', timeout: 60000 },
});
