// Loaded by VS Code as extensionTestsPath: runs the mocha suites inside the extension host.

import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // RNN_LAB_VSCODE_GREP=<text> (in run-in-host.mjs's environment) runs only the tests whose titles contain it.
  const grep = process.env.RNN_LAB_VSCODE_GREP;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60000, ...(grep ? { grep } : {}) });
  for (const suite of ['extension.test.js', 'polish.test.js', 'sweep.test.js', 'views.test.js', 'pytorch.test.js'])
    mocha.addFile(path.resolve(__dirname, suite));
  // run-in-host.mjs --untrusted: the folder is in Restricted Mode, where only untrusted.test.ts applies.
  if (process.env.RNN_LAB_VSCODE_UNTRUSTED) mocha.files = [path.resolve(__dirname, 'untrusted.test.js')];
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension tests failed`)) : resolve()));
  });
}
