// Train with PyTorch in a real extension host (code-server): the run a user starts from the
// lens or the palette comes back as a native one does — live in its panel, listed in the Runs
// view, stoppable, labelled pytorch — and a run started outside the editor is followed live.

import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LaunchOutcome } from '../../../src/engines/pytorch/launch';
import { Command } from '../../../src/extension/commandIds';
import type { RnnLabApi } from '../../../src/extension/extension';
import type { ExperimentNode, RunNode } from '../../../src/extension/runs/runsTree';
import { file, folder, until } from './helpers';

const PYTHON = '/usr/bin/python3';
let api: RnnLabApi;

const torchMissing = (() => {
  const r = spawnSync(PYTHON, ['-c', 'import torch'], { timeout: 60000, encoding: 'utf8' });
  return r.status !== 0;
})();

const record = (runDir: string) => JSON.parse(readFileSync(path.join(runDir, 'run.json'), 'utf8'));
const losses = (runDir: string) =>
  readFileSync(path.join(runDir, 'metrics.ndjson'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l).loss as number);

async function runsIn(uri: vscode.Uri): Promise<RunNode[]> {
  const roots = await api.runsTree.getChildren();
  const group = roots.find((n): n is ExperimentNode => n.kind === 'experiment' && n.source === uri.fsPath);
  return group ? ((await api.runsTree.getChildren(group)) as RunNode[]) : [];
}

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  await vscode.workspace.openTextDocument(uri);
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return lenses.map((l) => l.command?.title ?? '');
}

const settings = () => vscode.workspace.getConfiguration('rnnLab');

/** rnn-lab train of the same file, outside the editor: the reference final loss. */
function cliRun(uri: vscode.Uri, out: string, extra: string[] = []) {
  const ext = vscode.extensions.getExtension('rnn-lab.rnn-lab')!;
  return spawn(
    process.execPath,
    [path.join(ext.extensionPath, 'dist', 'cli.js'), 'train', uri.fsPath, '--quiet', '--out', out, ...extra],
    { cwd: folder().fsPath, stdio: 'ignore', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } },
  );
}

const exited = (child: ReturnType<typeof spawn>) => new Promise((r) => child.on('exit', r));

function assertClose(actual: number, expected: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= 1e-9 * Math.max(Math.abs(expected), 1e-300),
    `${what}: ${actual} vs ${expected}`,
  );
}

suite('Train with PyTorch in a real extension host', function () {
  this.timeout(240_000); // torch starts in seconds, more on a busy machine
  suiteSetup(async function () {
    if (torchMissing) this.skip();
    api = await vscode.extensions.getExtension<RnnLabApi>('rnn-lab.rnn-lab')!.activate();
    await settings().update('python', PYTHON, vscode.ConfigurationTarget.Global);
    await settings().update('pytorch.processes', 1, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await settings().update('python', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('pytorch.processes', undefined, vscode.ConfigurationTarget.Global);
  });

  let single: string | undefined;

  test('Train with PyTorch on the sine example: live epochs in its panel, a completed pytorch run, rnn-lab train’s final loss', async () => {
    const uri = file('sine.rnn.json');
    assert.equal(
      vscode.extensions.getExtension('rnn-lab.rnn-lab')!.extensionKind,
      vscode.ExtensionKind.Workspace,
      'it runs where the workspace is (code-server: the remote extension host), and so does its Python',
    );
    assert.ok((await lensTitles(uri)).includes('▶ Train with PyTorch'), 'the lens beside ▶ Train');
    const finished = vscode.commands.executeCommand<LaunchOutcome>(Command.trainPyTorch, uri);
    const runDir = await until('the run, at once in a panel', () => api.pytorch.state(uri)?.runDir, 60000);
    assert.ok(api.panels.panelOf(runDir), 'its panel opened');
    let liveWhileRunning = false;
    let outcome: LaunchOutcome | undefined;
    void finished.then((o) => (outcome = o));
    while (!outcome) {
      const live = api.panels.liveEpochsOf(runDir);
      // Epochs in the panel while the launch has not ended (this loop stops when it does): the
      // script was still training. (Its run.json says "running" only once a second, and a
      // quiet machine trains sine in less.)
      if (live && live.count > 0) liveWhileRunning = true;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(outcome.status, 'completed', outcome.problem);
    assert.ok(liveWhileRunning, 'epochs reached the panel before the run ended');
    const r = record(runDir);
    assert.equal(r.host, 'pytorch');
    assert.equal(r.status, 'completed');
    const node = await until('the completed run in the Runs view', async () =>
      (await runsIn(uri)).find(
        (n) => n.entry.dir === runDir && n.entry.kind === 'run' && n.entry.state === 'completed',
      ),
    );
    assert.equal(api.runsTree.getTreeItem(node).contextValue, 'rnnLab.run.completed');
    await until('the lens shows it as the last run', async () =>
      (await lensTitles(uri)).some((t) => t.startsWith('Last run') && t.endsWith('@ epoch 40/40 (completed)')),
    );
    const out = mkdtempSync(path.join(tmpdir(), 'rnn-lab-cli-'));
    assert.equal(await exited(cliRun(uri, out, ['--threads', '1'])), 0);
    const cli = path.join(out, readdirOne(out));
    assertClose(r.finalLoss, record(cli).finalLoss, 'final loss, PyTorch vs rnn-lab train');
    single = runDir;
  });

  test('Stop (the panel’s, the Runs view’s) ends a PyTorch run as cancelled', async () => {
    const uri = file('long.rnn.json');
    const finished = vscode.commands.executeCommand<LaunchOutcome>(Command.trainPyTorch, uri);
    const runDir = await until('the run', () => api.pytorch.state(uri)?.runDir, 60000);
    await until('a few epochs', () => (api.pytorch.state(uri)?.epoch ?? 0) >= 2, 60000);
    assert.match((await lensTitles(uri)).join(' | '), /■ Stop PyTorch \(epoch \d+\/100000\)/);
    await vscode.commands.executeCommand(Command.runsStop, runDir);
    const outcome = await finished;
    assert.equal(outcome.status, 'cancelled');
    assert.equal(record(runDir).status, 'cancelled');
  });

  test('with rnnLab.pytorch.processes 2: a DDP run (torchrun) equal to the one-process run', async function () {
    if (!single) this.skip();
    await settings().update('pytorch.processes', 2, vscode.ConfigurationTarget.Global);
    try {
      const outcome = await vscode.commands.executeCommand<LaunchOutcome>(Command.trainPyTorch, file('sine.rnn.json'));
      assert.equal(outcome.status, 'completed', outcome.problem);
      assert.equal(record(outcome.runDir!).worldSize, 2);
      const [ddp, one] = [losses(outcome.runDir!), losses(single)];
      assert.equal(ddp.length, one.length);
      ddp.forEach((l, i) => assertClose(l, one[i], `epoch ${i + 1}`));
    } finally {
      await settings().update('pytorch.processes', 1, vscode.ConfigurationTarget.Global);
    }
  });

  test('a Python without torch: the message says what to install, and the run is kept as failed', async () => {
    // An interpreter whose `import torch` fails as it does where torch is not installed.
    const dir = mkdtempSync(path.join(tmpdir(), 'rnn-lab-notorch-'));
    mkdirSync(path.join(dir, 'torch'));
    writeFileSync(
      path.join(dir, 'torch', '__init__.py'),
      'raise ModuleNotFoundError("No module named \'torch\'", name="torch")\n',
    );
    const python = path.join(dir, 'python3');
    writeFileSync(python, `#!/bin/sh\nPYTHONPATH=${dir} exec ${PYTHON} "$@"\n`);
    chmodSync(python, 0o755);
    await settings().update('python', python, vscode.ConfigurationTarget.Global);
    try {
      const outcome = await vscode.commands.executeCommand<LaunchOutcome>(
        Command.trainPyTorch,
        file('notebook.rnn.json'),
      );
      assert.equal(outcome.status, 'failed');
      assert.match(outcome.problem!, new RegExp(`PyTorch is not installed for ${python}`));
      assert.match(outcome.problem!, /-m pip install torch/);
      assert.equal(api.pytorch.shownProblems.at(-1), `notebook: ${outcome.problem}`, 'the message the user reads');
      const r = record(outcome.runDir!);
      assert.equal(r.status, 'failed');
      assert.equal(r.host, 'pytorch');
      await until('the failed run in the Runs view', async () =>
        (await runsIn(file('notebook.rnn.json'))).find((n) => n.entry.dir === outcome.runDir),
      );
    } finally {
      await settings().update('python', PYTHON, vscode.ConfigurationTarget.Global);
    }
  });
});

function readdirOne(dir: string): string {
  const names = readdirSync(dir).filter((n) => !n.startsWith('.'));
  assert.equal(names.length, 1);
  return names[0];
}

suite('Runs from other processes, followed live', function () {
  this.timeout(300_000); // each wait below has its own, shorter limit and names what it waited for
  suiteSetup(async () => {
    api = await vscode.extensions.getExtension<RnnLabApi>('rnn-lab.rnn-lab')!.activate();
  });

  test('a runs folder created after the window opened, and a CLI run in it, live in the Runs view and its panel', async () => {
    await vscode.commands.executeCommand('workbench.action.closeSidebar'); // nothing polls: only the watches
    const runsDir = path.join(folder().fsPath, '.rnn', `later-${Date.now()}`);
    await settings().update('runsDirectory', runsDir, vscode.ConfigurationTarget.Workspace);
    try {
      await api.runs.allEntries(); // the window lists it while it does not exist yet
      assert.equal(existsSync(runsDir), false);
      // A run that lasts until it is interrupted (Ctrl-C), however fast or busy the machine, at a
      // pace of a few epochs a second (the sine example on 8× its samples).
      const uri = file('followed.rnn.json');
      const sine = JSON.parse(readFileSync(file('sine.rnn.json').fsPath, 'utf8'));
      writeFileSync(
        uri.fsPath,
        JSON.stringify({
          ...sine,
          name: 'followed',
          data: { ...sine.data, samples: 2048 },
          training: { ...sine.training, epochs: 100000 },
        }),
      );
      const child = cliRun(uri, runsDir, ['--threads', '1']);
      try {
        const running = await until(
          'the CLI run in the Runs view, running',
          async () =>
            (await runsIn(uri)).find(
              (n) => n.entry.dir.startsWith(runsDir) && n.entry.kind === 'run' && n.entry.state === 'running',
            ),
          45000,
        );
        const runDir = running.entry.dir;
        await vscode.commands.executeCommand(Command.runsOpen, running);
        await until('its panel', () => api.panels.panelOf(runDir));
        await until(
          'live epochs in the panel while it runs',
          () => {
            const live = api.panels.liveEpochsOf(runDir);
            return live && live.count >= 2 && record(runDir).status === 'running';
          },
          45000,
        );
        await until(
          'the Runs view counting its epochs while it runs',
          async () => {
            const n = (await runsIn(uri)).find((x) => x.entry.dir === runDir);
            return n?.entry.kind === 'run' && n.entry.state === 'running' && n.entry.record.epochsCompleted > 0;
          },
          45000,
        );
        await until(
          'the lens following it too',
          async () => (await lensTitles(uri)).some((t) => /^Last run.* @ epoch [1-9]\d*\/100000 \(running\)$/.test(t)),
          45000,
        );
        child.kill('SIGINT'); // Ctrl-C in its terminal
        assert.equal(await exited(child), 130);
        const end = record(runDir);
        assert.equal(end.status, 'cancelled');
        await until(
          'the lens saying cancelled',
          async () =>
            (await lensTitles(uri)).some(
              (t) => t.startsWith('Last run') && t.endsWith(`@ epoch ${end.epochsCompleted}/100000 (cancelled)`),
            ),
          45000,
        );
        await until(
          'cancelled in the Runs view',
          async () => {
            const n = (await runsIn(uri)).find((x) => x.entry.dir === runDir);
            return n && api.runsTree.getTreeItem(n).contextValue === 'rnnLab.run.cancelled';
          },
          45000,
        );
        await until(
          'every epoch in the panel',
          () => api.panels.liveEpochsOf(runDir)?.last?.epoch === end.epochsCompleted,
          45000,
        );
      } finally {
        child.kill('SIGKILL');
      }
    } finally {
      await settings().update('runsDirectory', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
