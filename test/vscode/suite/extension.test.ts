// Inside a real extension host: what a user of the editor would see, checked through the
// same API calls the workbench makes (commands, CodeLens, diagnostics).

import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Command } from '../../../src/extension/commandIds';
import type { RnnLabApi } from '../../../src/extension/extension';
import type { RunOutcome } from '../../../src/runs/recordedRun';
import type { ExperimentNode, RunNode } from '../../../src/extension/runs/runsTree';
import { file, folder, until } from './helpers';

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  await vscode.workspace.openTextDocument(uri); // the workbench asks only open documents for lenses
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return lenses.map((l) => l.command?.title ?? '');
}

/** Only ours: the JSON language service may add its own (schema download) warnings. */
const ourDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'rnn-lab');

let api: RnnLabApi;

/** The Runs view's runs of one experiment file, newest first, as the tree gives them. */
async function runsInView(uri: vscode.Uri): Promise<RunNode[]> {
  const roots = await api.runsTree.getChildren();
  const group = roots.find((n): n is ExperimentNode => n.kind === 'experiment' && n.source === uri.fsPath);
  return group ? ((await api.runsTree.getChildren(group)) as RunNode[]) : [];
}

const lossesOf = (runDir: string) =>
  readFileSync(path.join(runDir, 'metrics.ndjson'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l).loss as number);

suite('RNN Lab in a real extension host', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<RnnLabApi>('rnn-lab.rnn-lab');
    assert.ok(ext, 'the extension is installed');
    api = await ext.activate();
  });

  test('activates on a workspace with *.rnn.json files and registers its commands', async () => {
    assert.ok(vscode.extensions.getExtension('rnn-lab.rnn-lab')!.isActive);
    const commands = await vscode.commands.getCommands(true);
    for (const id of Object.values(Command)) assert.ok(commands.includes(id), `${id} is registered`);
  });

  test('provides ▶ Train and Validate lenses above an experiment', async () => {
    const titles = await lensTitles(file('notebook.rnn.json'));
    assert.deepEqual(titles.slice(0, 2), ['▶ Train', 'Validate']);
  });

  test('Train on the notebook example completes a run with 10 epochs on disk', async () => {
    const outcome = await vscode.commands.executeCommand<RunOutcome>('rnnLab.train', file('notebook.rnn.json'));
    assert.equal(outcome.status, 'completed');
    assert.equal(path.dirname(outcome.runDir), path.join(folder().fsPath, '.rnn', 'runs'));
    const run = JSON.parse(readFileSync(path.join(outcome.runDir, 'run.json'), 'utf8'));
    assert.equal(run.status, 'completed');
    // The editor's worker takes the relaxed-SIMD (FMA) kernels: VS Code's runtime has them on,
    // and its default threads are cores − 1. The notebook's products are too small for a
    // machine BLAS to pay, and run.json says so.
    assert.deepEqual(run.compute, {
      kernels: 'wasm-relaxed-simd',
      threads: Math.max(1, availableParallelism() - 1),
      blasNote: 'products too small for a BLAS to pay',
    });
    const metrics = readFileSync(path.join(outcome.runDir, 'metrics.ndjson'), 'utf8').trim().split('\n');
    assert.equal(metrics.length, 10);
    const titles = await lensTitles(file('notebook.rnn.json'));
    assert.ok(
      titles.includes(`Last run: loss ${Number(run.finalLoss.toPrecision(3))} @ epoch 10/10 (completed)`),
      titles.join(' | '),
    );
  });

  test('training opens the "RNN: <name>" panel beside the editor, and Last run reopens it', async () => {
    const outcome = await vscode.commands.executeCommand<RunOutcome>('rnnLab.train', file('notebook.rnn.json'));
    const panel = api.panels.panelOf(outcome.runDir);
    assert.ok(panel, 'a panel for the run');
    assert.match(panel.title, /^RNN: notebook \d\d:\d\d:\d\d/, 'the experiment and when the run started');
    panel.dispose();
    assert.equal(api.panels.panelOf(outcome.runDir), undefined);
    await vscode.commands.executeCommand('rnnLab.openRun', outcome.runDir);
    await until('the reopened panel', () => api.panels.panelOf(outcome.runDir)?.title.startsWith('RNN: notebook '));
  });

  test('Stop cancels a running training and keeps the run as cancelled', async () => {
    const uri = file('long.rnn.json');
    const finished = vscode.commands.executeCommand<RunOutcome>('rnnLab.train', uri);
    await until('epoch 2', () => (api.sessions.state(uri)?.epoch ?? 0) >= 2);
    const titles = await lensTitles(uri);
    assert.match(titles[0], /^■ Stop \(epoch \d+\/100000\)$/);
    await vscode.commands.executeCommand('rnnLab.stop', uri);
    const outcome = await finished;
    assert.equal(outcome.status, 'cancelled');
    assert.equal(JSON.parse(readFileSync(path.join(outcome.runDir, 'run.json'), 'utf8')).status, 'cancelled');
    assert.equal(api.sessions.state(uri), undefined);
  });

  test('New RNN Experiment scaffolds the CSV template with its data, ready to train', async () => {
    const target = file('forecast.rnn.json');
    const created = await vscode.commands.executeCommand<vscode.Uri>('rnnLab.newExperiment', 'CSV series', target);
    assert.equal(created.fsPath, target.fsPath);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, target.fsPath, 'the new experiment is opened');
    const problems = await vscode.commands.executeCommand<unknown[]>('rnnLab.validate', target);
    assert.deepEqual(problems, [], 'it validates, its CSV copied beside it');
    assert.equal(JSON.parse(readFileSync(target.fsPath, 'utf8')).name, 'forecast');
  });

  test('a broken experiment gets a diagnostic at the offending value', async () => {
    const uri = file('broken.rnn.json');
    await vscode.window.showTextDocument(uri);
    const diagnostics = await until('diagnostics', () => {
      const d = ourDiagnostics(uri);
      return d.length ? d : undefined;
    });
    assert.equal(diagnostics[0].source, 'rnn-lab');
    assert.match(diagnostics[0].message, /the last layer has 3 units but the targets have width 1/);
    const text = (await vscode.workspace.openTextDocument(uri)).getText(diagnostics[0].range);
    assert.equal(text, '3', 'the range covers the units value');
  });

  test('Validate reports problems of the unsaved text as you type', async () => {
    const editor = await vscode.window.showTextDocument(file('notebook.rnn.json'));
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, 0, 1), '{"dtype": "f16",'));
    const diagnostics = await until('diagnostics of the edit', () => {
      const d = ourDiagnostics(editor.document.uri);
      return d.length ? d : undefined;
    });
    assert.match(diagnostics[0].message, /dtype must be one of "float64", "float32"/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await until('diagnostics cleared', () => ourDiagnostics(editor.document.uri).length === 0);
  });

  test('the Runs view lists a run after Train, newest first, and agrees with "Last run"', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.rnnLab');
    const uri = file('notebook.rnn.json');
    const outcome = await vscode.commands.executeCommand<RunOutcome>('rnnLab.train', uri);
    const runs = await until('the run in the view', async () => {
      const r = await runsInView(uri);
      return r[0]?.entry.dir === outcome.runDir ? r : undefined;
    });
    const item = api.runsTree.getTreeItem(runs[0]);
    const record = JSON.parse(readFileSync(path.join(outcome.runDir, 'run.json'), 'utf8'));
    // A row leads with what tells runs apart (its start time), the figures after it.
    assert.match(typeof item.label === 'string' ? item.label : (item.label?.label ?? ''), /^\d\d:\d\d:\d\d/);
    assert.equal(
      String(item.description).split(' · ').slice(0, 2).join(' · '),
      `loss ${Number(record.finalLoss.toPrecision(3))} · 10/10 epochs`,
    );
    assert.equal(item.contextValue, 'rnnLab.run.completed');
    assert.ok(runs.length >= 2, 'earlier notebook runs are listed too');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const last = lenses.find((l) => l.command?.title.startsWith('Last run'));
    assert.equal(last?.command?.arguments?.[0], runs[0].entry.dir, 'the lens opens the newest run of the view');
  });

  test("Open from the Runs view reopens the run's panel", async () => {
    const [run] = await runsInView(file('notebook.rnn.json'));
    api.panels.panelOf(run.entry.dir)?.dispose();
    await vscode.commands.executeCommand('rnnLab.runs.open', run);
    await until('the reopened panel', () => api.panels.panelOf(run.entry.dir)?.title.startsWith('RNN: notebook '));
  });

  test('Re-run trains the same experiment and seed again: the losses repeat exactly', async () => {
    const [run] = await runsInView(file('notebook.rnn.json'));
    const outcome = await vscode.commands.executeCommand<RunOutcome>('rnnLab.runs.rerun', run);
    assert.equal(outcome.status, 'completed');
    assert.notEqual(outcome.runDir, run.entry.dir);
    assert.deepEqual(lossesOf(outcome.runDir), lossesOf(run.entry.dir));
    const [newest] = await until('the re-run in the view', async () => {
      const r = await runsInView(file('notebook.rnn.json'));
      return r[0]?.entry.dir === outcome.runDir ? r : undefined;
    });
    assert.equal(newest.entry.kind === 'run' && newest.entry.record.rerunOf, run.entry.dir);
  });

  test("Compare opens one panel showing the selected runs' loss curves and their final losses", async () => {
    const runs = await runsInView(file('notebook.rnn.json'));
    const selected = runs.slice(0, 2).map((r) => r.entry.dir);
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>(
      'rnnLab.runs.compare',
      runs[0],
      runs.slice(0, 2),
    );
    assert.equal(panel.title, 'RNN: Compare 2 runs');
    // Sent once the panel's page said ready: what it draws.
    const shown = await until('the compare page to be sent the runs', () => api.compare.contentOf(panel));
    assert.deepEqual(
      shown.runs.map((r) => r.runDir),
      selected,
    );
    for (const run of shown.runs) {
      assert.deepEqual(
        run.points.map((p) => p.loss),
        lossesOf(run.runDir),
        `${run.label}: its loss curve, epoch by epoch`,
      );
      assert.deepEqual(
        run.points.map((p) => p.epoch),
        lossesOf(run.runDir).map((_, i) => i + 1),
      );
      const record = JSON.parse(readFileSync(path.join(run.runDir, 'run.json'), 'utf8'));
      assert.equal(run.finalLoss, record.finalLoss, "the table's final loss");
      assert.equal(run.status, 'completed');
    }
    // The newest two notebook runs are a run and its re-run: nothing differs between them.
    assert.deepEqual(shown.settings, []);
    panel.dispose();
    assert.equal(api.compare.contentOf(panel), undefined, 'forgotten once closed');
  });

  test('a running run spins in the Runs view, and Stop there cancels it', async () => {
    const uri = file('long.rnn.json');
    const finished = vscode.commands.executeCommand<RunOutcome>('rnnLab.train', uri);
    const running = await until('the running run in the view', async () => {
      const node = (await runsInView(uri)).find((n) => n.entry.kind === 'run' && n.entry.state === 'running');
      return node && api.runsTree.getTreeItem(node).contextValue === 'rnnLab.run.running' ? node : undefined;
    });
    assert.equal((api.runsTree.getTreeItem(running).iconPath as vscode.ThemeIcon).id, 'sync~spin');
    await vscode.commands.executeCommand('rnnLab.runs.stop', running);
    const outcome = await finished;
    assert.equal(outcome.status, 'cancelled');
    assert.equal(outcome.runDir, running.entry.dir);
    await until('the cancelled run in the view', async () => {
      const node = (await runsInView(uri)).find((n) => n.entry.dir === running.entry.dir);
      return node && api.runsTree.getTreeItem(node).contextValue === 'rnnLab.run.cancelled';
    });
  });

  test('a run started from the CLI appears in the Runs view by itself', async () => {
    // With the view hidden nothing polls: only the file watcher can bring the run in.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    const ext = vscode.extensions.getExtension('rnn-lab.rnn-lab')!;
    const uri = file('sine.rnn.json');
    const child = spawn(
      process.execPath,
      [path.join(ext.extensionPath, 'dist', 'cli.js'), 'train', uri.fsPath, '--quiet', '--epochs', '3'],
      { cwd: folder().fsPath, stdio: 'ignore', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } },
    );
    const code = await new Promise((r) => child.on('exit', r));
    assert.equal(code, 0);
    const runs = await until('the CLI run in the view', async () => {
      const r = await runsInView(uri);
      return r.find((n) => n.entry.kind === 'run' && n.entry.record.host === 'cli') ? r : undefined;
    });
    assert.equal(api.runsTree.getTreeItem(runs[0]).contextValue, 'rnnLab.run.completed');
  });

  test('a run whose trainer is gone is shown as interrupted, not running', async () => {
    const [run] = await runsInView(file('notebook.rnn.json'));
    // What a window that closed mid-training leaves behind: a run still "running", owned by a
    // process (here this one) in which no worker trains it any more.
    const dir = `${run.entry.dir}-orphan`;
    const temp = path.join(path.dirname(dir), '.orphan-tmp');
    mkdirSync(temp);
    cpSync(path.join(run.entry.dir, 'metrics.ndjson'), path.join(temp, 'metrics.ndjson'));
    const record = JSON.parse(readFileSync(path.join(run.entry.dir, 'run.json'), 'utf8'));
    writeFileSync(
      path.join(temp, 'run.json'),
      JSON.stringify({
        ...record,
        status: 'running',
        endedAt: null,
        pid: process.pid,
        startedAt: new Date().toISOString(),
      }),
    );
    renameSync(temp, dir);
    const node = await until('the interrupted run', async () =>
      (await runsInView(file('notebook.rnn.json'))).find((n) => n.entry.dir === dir),
    );
    assert.equal(api.runsTree.getTreeItem(node).contextValue, 'rnnLab.run.interrupted');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      file('notebook.rnn.json'),
    );
    assert.match(
      lenses.find((l) => l.command?.title.startsWith('Last run'))?.command?.title ?? '',
      /\(interrupted\)$/,
      'the lens agrees',
    );
    await vscode.commands.executeCommand('rnnLab.runs.open', node);
    await until('its panel, rebuilt from the epochs it recorded', () => api.panels.panelOf(dir));
  });
});

const PYTHON = '/usr/bin/python3';

/** Why train.py cannot run here, or undefined when /usr/bin/python3 imports torch. */
function noTorch(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import torch'], { timeout: 60000, encoding: 'utf8' });
  return r.status === 0
    ? undefined
    : `${PYTHON} cannot import torch (${(r.error?.message ?? r.stderr.trim().split('\n').pop()) || 'no output'})`;
}

/** python3 train.py of an exported project, killed if it outlives `ms`; `exited` gives its code. */
function trainPy(
  project: string,
  args: string[],
  ms: number,
): { child: ChildProcess; exited: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(PYTHON, [path.join(project, 'train.py'), ...args], {
    cwd: project,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (t: string) => {
    stderr += t;
  });
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`train.py killed after ${ms} ms; stderr: ${stderr || '(empty)'}`));
    }, ms);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
  exited.catch(() => {}); // reported by the test that awaits it
  return { child, exited };
}

const pytorchRuns = async (uri: vscode.Uri) =>
  (await runsInView(uri)).filter((n) => n.entry.kind === 'run' && n.entry.record.host === 'pytorch');

suite('RNN Lab: an experiment exported to PyTorch', () => {
  suiteSetup(async function () {
    api = await vscode.extensions.getExtension<RnnLabApi>('rnn-lab.rnn-lab')!.activate();
    const missing = noTorch();
    if (missing) {
      console.log(`skipped: ${missing}; CI installs python3-torch`);
      this.skip();
    }
  });

  test('Export to PyTorch… writes the project into the chosen folder and opens its train.py', async () => {
    const chosen = vscode.Uri.joinPath(folder(), 'pytorch', 'sine');
    mkdirSync(chosen.fsPath, { recursive: true });
    // The folder the dialog would return, passed as the command's second argument.
    const script = await vscode.commands.executeCommand<vscode.Uri>(
      Command.exportPyTorch,
      file('sine.rnn.json'),
      chosen,
    );
    assert.equal(script?.fsPath, path.join(chosen.fsPath, 'train.py'), 'an empty folder is the project');
    for (const name of [
      'train.py',
      'rnn_lab_io.py',
      'experiment.json',
      'initial_weights.json',
      'README.md',
      'data/data.json',
    ]) {
      assert.ok(existsSync(path.join(chosen.fsPath, name)), `${name} is written`);
    }
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, script.fsPath, 'train.py is opened in an editor');
  });

  test('a run of the exported train.py lists in the Runs view under its experiment, and opens', async () => {
    const project = path.join(folder().fsPath, 'pytorch', 'sine');
    const { code, stderr } = await trainPy(project, ['--quiet'], 90000).exited;
    assert.equal(code, 0, stderr);
    // The view may list it first as running (it follows runs of other processes live), then completed.
    const run = await until('the completed train.py run in the view', async () =>
      (await pytorchRuns(file('sine.rnn.json'))).find((n) => n.entry.kind === 'run' && n.entry.state === 'completed'),
    );
    assert.equal(
      path.dirname(run.entry.dir),
      path.join(folder().fsPath, '.rnn', 'runs'),
      "in the experiment's runs directory",
    );
    const record = JSON.parse(readFileSync(path.join(run.entry.dir, 'run.json'), 'utf8'));
    const item = api.runsTree.getTreeItem(run);
    // A row leads with what tells runs apart (its start time), the figures after it.
    assert.match(typeof item.label === 'string' ? item.label : (item.label?.label ?? ''), /^\d\d:\d\d:\d\d/);
    assert.equal(
      String(item.description).split(' · ').slice(0, 2).join(' · '),
      `loss ${Number(record.finalLoss.toPrecision(3))} · 40/40 epochs`,
    );
    assert.equal(item.contextValue, 'rnnLab.run.completed');
    await vscode.commands.executeCommand(Command.runsOpen, run);
    await until('its panel', () => api.panels.panelOf(run.entry.dir)?.title.startsWith('RNN: sine'));
  });

  test('Stop in the Runs view sends a running train.py SIGINT: it exits 130 and the run is cancelled', async () => {
    const chosen = vscode.Uri.joinPath(folder(), 'pytorch', 'long');
    mkdirSync(chosen.fsPath, { recursive: true });
    await vscode.commands.executeCommand<vscode.Uri>(Command.exportPyTorch, file('long.rnn.json'), chosen);
    const trainer = trainPy(chosen.fsPath, ['--quiet'], 90000);
    try {
      const running = await until('the running train.py run in the view', async () =>
        (await pytorchRuns(file('long.rnn.json'))).find(
          (n) => n.entry.kind === 'run' && n.entry.record.pid === trainer.child.pid && n.entry.state === 'running',
        ),
      );
      assert.equal(api.runsTree.getTreeItem(running).contextValue, 'rnnLab.run.running');
      await vscode.commands.executeCommand(Command.runsStop, running);
      const { code, stderr } = await trainer.exited;
      assert.equal(code, 130, stderr);
      assert.equal(JSON.parse(readFileSync(path.join(running.entry.dir, 'run.json'), 'utf8')).status, 'cancelled');
      await until('the cancelled run in the view', async () => {
        const node = (await pytorchRuns(file('long.rnn.json'))).find((n) => n.entry.dir === running.entry.dir);
        return node && api.runsTree.getTreeItem(node).contextValue === 'rnnLab.run.cancelled';
      });
    } finally {
      trainer.child.kill('SIGKILL');
    }
  });
});
