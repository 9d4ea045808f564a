// Inside a real extension host: what issue 14 found in the way of a new user, each checked
// through the API calls the workbench makes (tree items, CodeLens, tabs, diagnostics,
// completion, code actions). What needs clicks (dialogs, the view's title bar) is in
// ../ui.e2e.test.mjs.

import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Command } from '../../../src/extension/commandIds';
import type { RnnLabApi } from '../../../src/extension/extension';
import type { ExperimentNode, RunNode } from '../../../src/extension/runs/runsTree';
import { formatLoss } from '../../../src/format/lines';
import type { RunOutcome } from '../../../src/runs/recordedRun';
import { file, until } from './helpers';

let api: RnnLabApi;

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  await vscode.workspace.openTextDocument(uri);
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return lenses.map((l) => l.command?.title ?? '');
}

async function runsInView(uri: vscode.Uri): Promise<RunNode[]> {
  const roots = await api.runsTree.getChildren();
  const group = roots.find((n): n is ExperimentNode => n.kind === 'experiment' && n.source === uri.fsPath);
  return group ? ((await api.runsTree.getChildren(group)) as RunNode[]) : [];
}

const train = (name: string) => vscode.commands.executeCommand<RunOutcome>('rnnLab.train', file(name));
/** Markdown as a reader sees it (backslash escapes removed). */
const shown = (md: vscode.MarkdownString) => md.value.replace(/\\(.)/g, '$1');
const tabsTitled = (title: string) =>
  vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label === title);

/** Writes an experiment into the workspace and opens it in an editor. */
async function experiment(name: string, text: string): Promise<vscode.TextEditor> {
  writeFileSync(file(name).fsPath, text);
  return vscode.window.showTextDocument(file(name));
}

suite('RNN Lab: what a new user sees', () => {
  suiteSetup(async () => {
    api = await vscode.extensions.getExtension<RnnLabApi>('rnn-lab.rnn-lab')!.activate();
  });

  test("a run's tooltip is built when it shows: its losses as the CLI prints them and its hyperparameters", async () => {
    const outcome = await train('notebook.rnn.json');
    const node = await until('the run in the view', async () =>
      (await runsInView(file('notebook.rnn.json'))).find((n) => n.entry.dir === outcome.runDir),
    );
    const item = api.runsTree.getTreeItem(node);
    assert.equal(item.tooltip, undefined, 'no tooltip yet: VS Code calls resolveTreeItem only for items without one');
    const resolved = await api.runsTree.resolveTreeItem(item, node);
    const text = shown(resolved.tooltip as vscode.MarkdownString);
    const record = JSON.parse(readFileSync(path.join(outcome.runDir, 'run.json'), 'utf8'));
    assert.ok(text.includes(`loss ${formatLoss(record.finalLoss)} · epoch 10/10`), text);
    assert.ok(text.includes('| training.optimizer.learningRate | 0.001 |'), text);
    assert.ok(text.includes('| model.layers[0].units | 8 |'), text);
    assert.doesNotMatch(text, /\d\.\d{9,}/, 'no raw floats');
  });

  test('"Last run (older settings)" when the file says something else than the last run trained', async () => {
    const uri = file('notebook.rnn.json');
    assert.ok((await lensTitles(uri)).some((t) => t.startsWith('Last run: ')));
    const editor = await vscode.window.showTextDocument(uri);
    const text = editor.document.getText();
    const at = text.indexOf('"epochs": 10');
    await editor.edit((e) =>
      e.replace(
        new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + '"epochs": 10'.length)),
        '"epochs": 12',
      ),
    );
    await until('the older-settings lens', async () =>
      (await lensTitles(uri)).some((t) =>
        /^Last run \(older settings\): loss .* @ epoch 10\/10 \(completed\)$/.test(t),
      ),
    );
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await until('the plain lens again', async () => (await lensTitles(uri)).some((t) => t.startsWith('Last run: ')));
  });

  test("reopening a run reveals its one tab, and the next run's panel opens in the same column", async () => {
    const first = await train('notebook.rnn.json');
    const panel = api.panels.panelOf(first.runDir)!;
    const column = panel.viewColumn;
    const groups = vscode.window.tabGroups.all.length;
    await vscode.commands.executeCommand('rnnLab.openRun', first.runDir);
    await vscode.commands.executeCommand('rnnLab.openRun', first.runDir);
    // The tab model reaches the extension host a moment after the workbench changed it.
    await until(`a tab titled ${panel.title}`, () => tabsTitled(panel.title).length > 0);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(
      tabsTitled(panel.title).length,
      1,
      `one tab titled ${panel.title}: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label)).join(' | ')}`,
    );
    // As a person does: back in the editor, train again.
    await vscode.window.showTextDocument(file('notebook.rnn.json'), { viewColumn: vscode.ViewColumn.One });
    const second = await train('notebook.rnn.json');
    const next = api.panels.panelOf(second.runDir)!;
    assert.notEqual(next.title, panel.title, 'two runs, two titles');
    assert.equal(next.viewColumn, column, "in the column of the experiment's last panel");
    assert.equal(vscode.window.tabGroups.all.length, groups, 'no new editor group');
  });

  test('while it trains, the CodeLens shows the epoch of the same snapshot as the status bar and the notification', async () => {
    const uri = file('long.rnn.json');
    const finished = train('long.rnn.json');
    const seen: string[] = [];
    try {
      while (seen.length < 3) {
        await new Promise<void>((r) => {
          const d = api.progress.onDidChange(() => {
            d.dispose();
            r();
          });
        });
        const before = api.progress.of(uri.fsPath);
        const stop = (await lensTitles(uri)).find((t) => t.startsWith('■ Stop'));
        const after = api.progress.of(uri.fsPath);
        if (!before || !stop || before.epoch !== after?.epoch) continue; // a newer snapshot came meanwhile
        assert.equal(stop, `■ Stop (epoch ${before.epoch}/${before.epochs})`);
        seen.push(stop);
      }
    } finally {
      await vscode.commands.executeCommand('rnnLab.stop', uri);
      await finished;
    }
  });

  test('each problem is reported once: by RNN Lab at its value, not again by the JSON schema validation', async () => {
    const { document } = await experiment(
      'units0.rnn.json',
      JSON.stringify(
        {
          seed: 1,
          data: { generator: 'sine', samples: 16, steps: 4 },
          model: {
            layers: [
              { type: 'rnn', units: 0 },
              { type: 'dense', units: 1 },
            ],
          },
          training: { epochs: 1, loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.1 } },
        },
        null,
        2,
      ),
    );
    await until("RNN Lab's diagnostic", () =>
      vscode.languages.getDiagnostics(document.uri).some((d) => d.source === 'rnn-lab'),
    );
    // The JSON service has the file and its schema once it answers a hover with the schema's text;
    // it validates a moment after a document opens.
    const units = document.positionAt(document.getText().indexOf('"units": 0') + 2);
    await until("the JSON service's hover", async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        document.uri,
        units,
      );
      return hovers.some((h) => h.contents.some((c) => (typeof c === 'string' ? c : c.value).includes('Hidden size')));
    });
    await new Promise((r) => setTimeout(r, 2000));
    const all = vscode.languages.getDiagnostics(document.uri);
    const atUnits = all.filter((d) => document.getText(d.range) === '0');
    assert.equal(atUnits.length, 1, all.map((d) => `${d.source}: ${d.message}`).join(' | '));
    assert.equal(atUnits[0].source, 'rnn-lab');
    assert.deepEqual(
      all.filter((d) => d.source !== 'rnn-lab').map((d) => d.message),
      [],
      'nothing from the JSON service',
    );
  });

  test('completion offers each layer type only the activations validation accepts', async () => {
    const { document } = await experiment(
      'complete.rnn.json',
      `{
  "data": { "generator": "sine", "samples": 16, "steps": 4 },
  "model": { "layers": [{ "type": "rnn", "units": 4, "activation": "" }, { "type": "dense", "units": 1, "activation": "" }] },
  "training": { "epochs": 1, "loss": "mse", "optimizer": { "type": "sgd", "learningRate": 0.1 } }
}
`,
    );
    const text = document.getText();
    const offered = async (nth: number) => {
      let at = -1;
      for (let i = 0; i <= nth; i++) at = text.indexOf('"activation": ""', at + 1);
      const position = document.positionAt(at + '"activation": "'.length);
      const list = await until('completions', async () => {
        const l = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          document.uri,
          position,
        );
        return l.items.length ? l : undefined;
      });
      return list.items.map((c) => (typeof c.label === 'string' ? c.label : c.label.label).replace(/"/g, ''));
    };
    const rnn = await offered(0);
    assert.ok(rnn.includes('tanh') && rnn.includes('prelu'), rnn.join(', '));
    assert.ok(!rnn.includes('softmax'), `an rnn layer is offered softmax: ${rnn.join(', ')}`);
    assert.ok((await offered(1)).includes('softmax'), 'a dense layer is');
  });

  test("a quick fix sets the last layer's units to the vocabulary size", async () => {
    mkdirSync(file('data').fsPath, { recursive: true });
    writeFileSync(file('data/abc.txt').fsPath, 'abc abc abc abc abc abc\n');
    const { document } = await experiment(
      'abc.rnn.json',
      JSON.stringify(
        {
          data: { text: 'data/abc.txt', seqLength: 4, stride: 2 },
          model: {
            layers: [
              { type: 'rnn', units: 4 },
              { type: 'dense', units: 9, activation: 'softmax' },
            ],
            output: 'sequence',
          },
          training: { epochs: 1, loss: 'crossEntropy', optimizer: { type: 'adam', learningRate: 0.01 } },
        },
        null,
        2,
      ),
    );
    const problem = await until('the vocabulary diagnostic', () =>
      vscode.languages.getDiagnostics(document.uri).find((d) => d.source === 'rnn-lab'),
    );
    assert.match(problem.message, /9 units but the text has 5 distinct characters/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      problem.range,
    );
    const fix = actions.find((a) => a.title === 'Set units to 5 (the vocabulary size)');
    assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
    await vscode.workspace.applyEdit(fix.edit);
    assert.equal(document.getText(problem.range), '5');
    await until(
      'no problem left',
      () => vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'rnn-lab').length === 0,
    );
  });
});

suite('RNN Lab: what issue 24 found in the editor', () => {
  suiteSetup(async () => {
    api = await vscode.extensions.getExtension<RnnLabApi>('rnn-lab.rnn-lab')!.activate();
  });

  const problemsOf = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'rnn-lab');
  const actionsAt = (uri: vscode.Uri, range: vscode.Range, kind?: string) =>
    vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind);

  test('every "did you mean" is a quick fix, and one typo is one problem', async () => {
    const { document } = await experiment(
      'typos.rnn.json',
      JSON.stringify(
        {
          data: { generator: 'sine', samples: 16, steps: 4 },
          model: {
            layers: [
              { type: 'rnn', units: 4, activation: 'tahn' },
              { type: 'dense', units: 1 },
            ],
          },
          training: { epochs: 1, loss: 'mse', optimizer: { type: 'sgd', learnigRate: 0.1 } },
        },
        null,
        2,
      ),
    );
    const problems = await until('the two problems', () => {
      const p = problemsOf(document.uri);
      return p.length >= 2 ? p : undefined;
    });
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(
      problemsOf(document.uri)
        .map((d) => d.message)
        .sort(),
      [
        `an rnn layer's activation is one of tanh, sigmoid, relu, prelu, linear (did you mean "tanh"?)`,
        'unknown field "learnigRate" in training.optimizer (did you mean "learningRate"?)',
      ],
      'no "missing learningRate" beside the misspelt one',
    );
    for (const problem of problems) {
      const fix = (await actionsAt(document.uri, problem.range)).find((a) => a.title.startsWith('Change to "'));
      assert.ok(fix?.edit, `a quick fix for: ${problem.message}`);
      assert.equal(fix.isPreferred, true);
      await vscode.workspace.applyEdit(fix.edit);
    }
    assert.match(document.getText(), /"activation": "tanh"/);
    assert.match(document.getText(), /"learningRate": 0\.1/);
    await until('no problem left', () => problemsOf(document.uri).length === 0);
    await document.save();
  });

  test('a units ≠ vocabulary mismatch shows together with a typo elsewhere, not after it is fixed', async () => {
    mkdirSync(file('data').fsPath, { recursive: true });
    writeFileSync(file('data/abc.txt').fsPath, 'abc abc abc abc abc abc\n');
    const { document } = await experiment(
      'rounds.rnn.json',
      JSON.stringify(
        {
          data: { text: 'data/abc.txt', seqLength: 4, stride: 2 },
          model: {
            layers: [
              { type: 'rnn', units: 4 },
              { type: 'dense', units: 9, activation: 'softmax' },
            ],
            output: 'sequence',
          },
          training: { epochs: 1, loss: 'crossEntropy', optimizer: { type: 'adam', learnigRate: 0.01 } },
        },
        null,
        2,
      ),
    );
    const problems = await until('both problems at once', () => {
      const p = problemsOf(document.uri);
      return p.length === 2 ? p : undefined;
    });
    assert.ok(problems.some((d) => /9 units but the text has 5 distinct characters/.test(d.message)));
    assert.ok(problems.some((d) => /unknown field "learnigRate"/.test(d.message)));
  });

  test('Run Sweep on an experiment without a sweep section leaves no diagnostic; a code action adds one', async () => {
    const uri = file('sine.rnn.json');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    assert.equal(await vscode.commands.executeCommand(Command.sweep, uri), undefined, 'no sweep started');
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(
      problemsOf(uri).map((d) => d.message),
      [],
      'nothing in the file is wrong: no diagnostic, in the file or left in Problems',
    );
    const whole = new vscode.Range(0, 0, 0, 0);
    const add = (await actionsAt(uri, whole, 'refactor')).find((a) => a.title.startsWith('Add a sweep section'));
    assert.ok(add?.edit, 'the code action that adds a sweep section');
    await vscode.workspace.applyEdit(add.edit);
    const value = JSON.parse(document.getText());
    assert.equal(value.sweep.method, 'grid');
    assert.equal(value.sweep.parameters['training.optimizer.learningRate'].values.length, 3);
    assert.ok(
      !(await actionsAt(uri, whole, 'refactor')).some((a) => a.title.startsWith('Add a sweep section')),
      'not offered once the file has one',
    );
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('a single click previews a run in ONE reused panel; opening it on purpose keeps it', async () => {
    const a = await train('notebook.rnn.json');
    const b = await train('notebook.rnn.json');
    for (const dir of [a.runDir, b.runDir]) api.panels.close(dir);
    const rnnTabs = () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label.startsWith('RNN: notebook'));
    await vscode.window.tabGroups.close(rnnTabs());
    await until('no notebook panel open', () => rnnTabs().length === 0);
    const before = 0;
    await vscode.commands.executeCommand(Command.runsPreview, a.runDir);
    await new Promise((r) => setTimeout(r, 600)); // longer than a double click
    const preview = await vscode.commands.executeCommand<vscode.WebviewPanel>(Command.runsPreview, b.runDir);
    assert.equal(api.panels.previewed(), b.runDir);
    assert.equal(api.panels.panelOf(a.runDir), undefined, "the first run's preview became the second's");
    assert.equal(api.panels.panelOf(b.runDir), preview);
    await until('one preview tab', () => rnnTabs().length === before + 1);
    // Open Run (the inline button, the context menu) keeps it; the next click previews in a new panel.
    await vscode.commands.executeCommand(Command.runsOpen, b.runDir);
    assert.equal(api.panels.previewed(), undefined);
    await new Promise((r) => setTimeout(r, 600));
    await vscode.commands.executeCommand(Command.runsPreview, a.runDir);
    assert.equal(api.panels.previewed(), a.runDir);
    // A double click (a second click within 500 ms) keeps the previewed run open too.
    await vscode.commands.executeCommand(Command.runsPreview, a.runDir);
    assert.equal(api.panels.previewed(), undefined);
    assert.ok(api.panels.panelOf(a.runDir) && api.panels.panelOf(b.runDir), 'both open');
    await until(
      `two tabs: ${rnnTabs()
        .map((t) => t.label)
        .join(', ')}`,
      () => rnnTabs().length === before + 2,
    );
  });

  test('there is ONE Experiments table: opening it for another scope narrows or widens that one', async () => {
    const run = await train('notebook.rnn.json');
    const node = (await runsInView(file('notebook.rnn.json'))).find((n) => n.entry.dir === run.runDir)!;
    const tables = () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('rnnLab.experiments'));
    // The context menu of a run: its experiment's runs.
    const narrowed = await vscode.commands.executeCommand<vscode.WebviewPanel>(Command.experimentsOpen, node, [node]);
    assert.match(narrowed.title, /notebook/);
    // The palette: every run, in the same panel.
    const all = await vscode.commands.executeCommand<vscode.WebviewPanel>(Command.experimentsOpen);
    assert.equal(all, narrowed, 'the same panel');
    assert.doesNotMatch(all.title, /notebook/);
    // The view's title bar passes the focused run alone, and means the whole view.
    await vscode.commands.executeCommand(Command.experimentsOpen, node, [node]);
    const fromTitle = await vscode.commands.executeCommand<vscode.WebviewPanel>(Command.experimentsOpen, node);
    assert.equal(fromTitle, all);
    assert.equal(fromTitle.title, all.title);
    await until('one table tab', () => tables().length === 1);
    fromTitle.dispose();
  });

  test('the Runs view shows the epoch of the one progress source while a run trains', async () => {
    const uri = file('long.rnn.json');
    const finished = train('long.rnn.json');
    try {
      let checked = 0;
      while (checked < 3) {
        await new Promise<void>((r) => {
          const d = api.progress.onDidChange(() => {
            d.dispose();
            r();
          });
        });
        const now = api.progress.of(uri.fsPath);
        if (!now?.runDir || now.epoch === 0) continue;
        const node = (await runsInView(uri)).find((n) => n.entry.dir === now.runDir);
        if (!node) continue;
        const item = api.runsTree.getTreeItem(node);
        if (api.progress.of(uri.fsPath)?.epoch !== now.epoch) continue; // a newer snapshot came meanwhile
        assert.match(String(item.description), new RegExp(`· ${now.epoch}/${now.epochs} epochs`));
        checked++;
      }
    } finally {
      await vscode.commands.executeCommand('rnnLab.stop', uri);
      await finished;
    }
  });
});
