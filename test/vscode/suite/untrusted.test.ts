// Inside a real extension host, in a folder VS Code has not trusted (Restricted Mode; run by
// `node test/vscode/run-in-host.mjs --untrusted`): what works there, what is refused with a
// message saying why and how to trust, and that trusting the folder the way a user does (the
// refusal's "Manage Workspace Trust" button, then "Trust") brings training back, without a reload.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ViewMessage } from '../../../src/analysis/viewTypes';
import { Command, type CommandId } from '../../../src/extension/commandIds';
import type { RnnLabApi } from '../../../src/extension/extension';
import { RunViews } from '../../../src/extension/panel/runViews';
import type { ExperimentNode, RunNode } from '../../../src/extension/runs/runsTree';
import { trustOf } from '../../../src/extension/trust';
import type { RunOutcome } from '../../../src/runs/recordedRun';
import { file, folder, until } from './helpers';

let api: RnnLabApi;
const extensionPath = () => vscode.extensions.getExtension('rnn-lab.rnn-lab')!.extensionPath;
const runsDir = () => path.join(folder().fsPath, '.rnn', 'runs');
/** run-in-host.mjs --untrusted gives the folder settings that name another runs directory. */
const SETTINGS_RUNS_DIR = 'runs-named-by-the-folder';

const runDirsIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  await vscode.workspace.openTextDocument(uri); // the workbench asks only open documents for lenses
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return lenses.map((l) => l.command?.title ?? '');
}

/** A run trained by the CLI, as a run copied in from elsewhere would be: the views must show it. */
function cliRun(name: string): string {
  const before = runDirsIn(runsDir());
  const cli = spawnSync(
    process.execPath,
    [path.join(extensionPath(), 'dist', 'cli.js'), 'train', name, '--epochs', '3', '--quiet', '--out', runsDir()],
    { cwd: folder().fsPath, encoding: 'utf8', timeout: 60000, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } },
  );
  assert.equal(cli.status, 0, cli.stderr);
  const added = runDirsIn(runsDir()).filter((d) => !before.includes(d));
  assert.equal(added.length, 1, `one run directory for ${name}`);
  return path.join(runsDir(), added[0]);
}

async function nodeOf(source: vscode.Uri, runDir: string): Promise<RunNode> {
  return until(`${runDir} in the Runs view`, async () => {
    const roots = await api.runsTree.getChildren();
    const group = roots.find((n): n is ExperimentNode => n.kind === 'experiment' && n.source === source.fsPath);
    const runs = group ? ((await api.runsTree.getChildren(group)) as RunNode[]) : [];
    return runs.find((r) => r.kind === 'runItem' && r.entry.dir === runDir);
  });
}

suite('RNN Lab in an untrusted folder (Restricted Mode)', () => {
  let runs: string[];

  suiteSetup(async () => {
    api = await vscode.extensions.getExtension<RnnLabApi>('rnn-lab.rnn-lab')!.activate();
    assert.equal(vscode.workspace.isTrusted, false, 'the harness opened the folder untrusted');
    runs = [cliRun('sine.rnn.json'), cliRun('sine.rnn.json')];
  });

  test('Train is refused with a message that says why and how to trust, and writes no run', async () => {
    const before = runDirsIn(runsDir());
    await vscode.window.showTextDocument(file('notebook.rnn.json'));
    // As the palette runs it: no argument, the active editor's experiment.
    const outcome = await vscode.commands.executeCommand<RunOutcome | undefined>(Command.train);
    assert.equal(outcome, undefined);
    const refusal = api.refusals.at(-1)!;
    assert.equal(refusal.command, Command.train);
    assert.match(refusal.message, /^RNN Lab: Training needs a trusted workspace, because it reads the data files/);
    assert.match(refusal.message, /Restricted Mode: trust it first \(Manage Workspace Trust\)/);
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(runDirsIn(runsDir()), before, 'no run was written');
    assert.equal(api.sessions.state(file('notebook.rnn.json')), undefined, 'nothing trains');
  });

  test('every command the trust table refuses does nothing here, whatever it is given, and says so', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const before = runDirsIn(runsDir());
    const refused = (Object.values(Command) as CommandId[]).filter(
      (id) => trustOf(id).untrusted === 'refused' && registered.has(id),
    );
    assert.ok(refused.includes(Command.sweep) && refused.includes(Command.runsPredict), String(refused));
    for (const id of refused) {
      const count = api.refusals.length;
      const arg = id.startsWith('rnnLab.runs.') ? runs[0] : file('sine.rnn.json');
      assert.equal(await vscode.commands.executeCommand(id, arg), undefined, id);
      assert.equal(api.refusals.length, count + 1, `${id} says why it does nothing`);
      assert.equal(api.refusals.at(-1)!.command, id);
    }
    assert.deepEqual(runDirsIn(runsDir()), before, 'no run was written, renamed or deleted');
    for (const dir of runs) assert.ok(existsSync(path.join(dir, 'run.json')), `${dir} is still there`);
  });

  test("a folder's runsDirectory setting does not count until it is trusted", () => {
    assert.equal(vscode.workspace.getConfiguration('rnnLab').get('runsDirectory'), '.rnn/runs');
    assert.deepEqual(api.runs.runsDirs(), [runsDir()]);
  });

  test('Validate still gives the problems of a broken experiment', async () => {
    const problems = await vscode.commands.executeCommand<unknown[]>(Command.validate, file('broken.rnn.json'));
    assert.ok(problems && problems.length > 0, 'validate found problems');
    const shown = await until('the Problems of broken.rnn.json', () => {
      const ours = vscode.languages.getDiagnostics(file('broken.rnn.json')).filter((d) => d.source === 'rnn-lab');
      return ours.length ? ours : undefined;
    });
    assert.match(shown[0].message, /units/);
  });

  test('the lenses are those that work here: Validate and Last run, no ▶ Train, no ▶ Train with PyTorch', async () => {
    const titles = await until('the Last run lens', async () => {
      const t = await lensTitles(file('sine.rnn.json'));
      return t.some((x) => x.startsWith('Last run')) ? t : undefined;
    });
    assert.ok(titles.includes('Validate'), titles.join(', '));
    assert.ok(
      !titles.some((t) => t.startsWith('▶ Train')),
      `no ▶ Train nor ▶ Train with PyTorch: ${titles.join(', ')}`,
    );
  });

  test('the Runs view, a run panel, Compare and the Experiments table show runs copied in', async () => {
    await nodeOf(file('sine.rnn.json'), runs[0]);
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>(Command.runsOpen, runs[0]);
    assert.ok(panel, 'the run panel opened');
    assert.equal(api.panels.panelOf(runs[0]), panel);
    const compare = await vscode.commands.executeCommand<vscode.WebviewPanel>(Command.runsCompare, runs[0], runs);
    assert.ok(compare, 'Compare opened');
    const compared = await until('the comparison', () => api.compare.contentOf(compare));
    assert.equal(JSON.stringify(compared).includes(path.basename(runs[1])), true);
    const table = await vscode.commands.executeCommand<vscode.WebviewPanel>(Command.experimentsOpen);
    const rows = await until('the Experiments table', () => api.experimentsTable.contentOf(table));
    for (const dir of runs) assert.ok(JSON.stringify(rows).includes(JSON.stringify(dir)), `the table lists ${dir}`);
  });

  test("a run panel's Predictions, Samples and Hidden states answer with the refusal, computing nothing", async () => {
    const posted: ViewMessage[] = [];
    const views = new RunViews(extensionPath(), runs[0], (m) => posted.push(m));
    await views.handle({ kind: 'info' });
    views.dispose();
    assert.equal(posted.length, 1);
    const answer = posted[0];
    assert.ok(answer.kind === 'info', answer.kind);
    assert.match(
      answer.info.error ?? '',
      /^RNN Lab: Predicting, sampling and inspecting in a run's panel needs a trusted/,
    );
  });

  test('trusting the folder through the refusal brings back ▶ Train, the setting and training, without a reload', async () => {
    const granted = new Promise<void>((resolve) => vscode.workspace.onDidGrantWorkspaceTrust(() => resolve()));
    assert.equal(await vscode.commands.executeCommand(Command.train, file('notebook.rnn.json')), undefined);
    // run-in-host.mjs's trust operator clicks the refusal's Manage Workspace Trust, then Trust.
    writeFileSync(process.env.RNN_LAB_VSCODE_ASK_TRUST!, 'please');
    await Promise.race([
      granted,
      new Promise((_, reject) => setTimeout(() => reject(new Error('trust was not granted within 60 s')), 60000)),
    ]);
    assert.equal(vscode.workspace.isTrusted, true);
    await until('the ▶ Train lens', async () =>
      (await lensTitles(file('notebook.rnn.json'))).includes('▶ Train') ? true : undefined,
    );
    await until("the folder's runsDirectory", () =>
      vscode.workspace.getConfiguration('rnnLab').get('runsDirectory') === SETTINGS_RUNS_DIR ? true : undefined,
    );
    const namedRunsDir = path.join(folder().fsPath, SETTINGS_RUNS_DIR);
    await until('the Runs view to list the runs directory the folder names', () =>
      api.runs.runsDirs().includes(namedRunsDir) ? true : undefined,
    );
    const outcome = await vscode.commands.executeCommand<RunOutcome>(Command.train, file('notebook.rnn.json'));
    assert.equal(outcome?.status, 'completed', outcome?.message);
    assert.equal(path.dirname(outcome.runDir), namedRunsDir);
    assert.ok(existsSync(path.join(outcome.runDir, 'weights.json')));
  });
});
