// Through the UI, in a folder VS Code has not trusted (Restricted Mode), with the packaged .vsix
// installed: "RNN Lab: Train RNN" from the palette says why it does not train and writes nothing,
// the lenses offer Validate but no ▶ Train, and the refusal's button leads to VS Code's Workspace
// Trust editor, where trusting the folder brings ▶ Train back and a click on it trains.
// Screenshots go to test-output/. Run by `npm run test:vscode` after `npm run package`.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { freePort, makeWorkspace, ROOT, startCodeServer } from './codeServer.mjs';

const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const VSIX = path.join(ROOT, `rnn-lab-${version}.vsix`);
const SHOTS = path.join(ROOT, 'test-output');
let scratch, workspace, server, page;

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-untrusted-ui-'));
  workspace = makeWorkspace(scratch);
  server = await startCodeServer({ scratch, port: await freePort(), vsix: VSIX, untrusted: true });
  page = server.page;
  page.setDefaultTimeout(30000);
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'notebook.rnn.json' }).click();
  await page.locator('.tab', { hasText: 'notebook.rnn.json' }).first().waitFor();
});

after(async () => {
  await server?.stop();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

const lens = (title) => page.locator('.monaco-editor .codelens-decoration a', { hasText: title }).first();
const runsDir = () => path.join(workspace, '.rnn', 'runs');

/** F1, type the title, Enter. Retries: extension commands appear once the host registered them. */
async function runFromPalette(title) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await input.fill(`>${title}`);
    try {
      await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 5000 });
      break;
    } catch (err) {
      if (attempt >= 6) throw err;
      await page.keyboard.press('Escape');
    }
  }
  await page.keyboard.press('Enter');
}

async function shot(name, body) {
  try {
    await body();
  } catch (err) {
    await page.screenshot({ path: path.join(SHOTS, `untrusted-${name}.png`) });
    throw err;
  }
}

test('Train RNN from the palette says why it does not train here and how to trust, and writes nothing', () =>
  shot('refused', async () => {
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor();
    await lens('Validate').waitFor();
    assert.equal(await lens('▶ Train').count(), 0, 'no ▶ Train lens in Restricted Mode');
    await runFromPalette('RNN Lab: Train RNN');
    const toast = page.locator('.notification-toast', { hasText: 'Training needs a trusted workspace' });
    await toast.waitFor();
    assert.match(
      await toast.innerText(),
      /because it reads the data files and initial weights the experiment names and writes a run/,
    );
    await toast.locator('.monaco-button', { hasText: 'Manage Workspace Trust' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'untrusted-train-refused.png') });
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(fs.existsSync(runsDir()), false, 'no run directory was written');
  }));

test("the refusal's Manage Workspace Trust opens VS Code's trust editor; Trust brings back ▶ Train, which trains", () =>
  shot('trusted', async () => {
    const toast = page.locator('.notification-toast', { hasText: 'Training needs a trusted workspace' });
    await toast.locator('.monaco-button', { hasText: 'Manage Workspace Trust' }).click();
    const editor = page.locator('.workspace-trust-editor');
    await editor.locator('.monaco-button', { hasText: /^Trust$/ }).click();
    await editor.getByText('You trust this folder').waitFor();
    // The trust editor opens over the editors, as a modal: closed by its ×.
    await page.locator('.modal-editor-action-container .codicon-close').first().click();
    await editor.waitFor({ state: 'hidden' });
    await lens('▶ Train').click();
    await lens(/Last run: loss .* @ epoch 10\/10 \(completed\)/).waitFor({ timeout: 60000 });
    const runs = fs.readdirSync(runsDir()).filter((d) => d.startsWith('notebook-'));
    assert.equal(runs.length, 1);
    const record = JSON.parse(fs.readFileSync(path.join(runsDir(), runs[0], 'run.json'), 'utf8'));
    assert.equal(record.status, 'completed');
  }));
