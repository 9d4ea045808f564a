// Inside a real extension host: a sweep run from the editor (RNN Lab: Run Sweep) trains its
// trials in parallel workers as ordinary runs, the Runs view names them by their parameters,
// the Experiments table of the sweep opens with a row per trial, and Rename Run… names a run.

import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Command } from '../../../src/extension/commandIds';
import type { RnnLabApi } from '../../../src/extension/extension';
import type { SweepRun } from '../../../src/extension/sweeps/sweepSessions';
import type { ExperimentNode, RunNode } from '../../../src/extension/runs/runsTree';
import { folder, until } from './helpers';

const labelOf = (item: vscode.TreeItem) => (typeof item.label === 'string' ? item.label : (item.label?.label ?? ''));

suite('Sweeps and the Experiments table in a real extension host', () => {
  let api: RnnLabApi;
  let sweepFile: vscode.Uri;
  let run: SweepRun;

  suiteSetup(async () => {
    api = await vscode.extensions.getExtension<RnnLabApi>('rnn-lab.rnn-lab')!.activate();
    sweepFile = vscode.Uri.joinPath(folder(), 'sweep4.rnn.json');
    writeFileSync(
      sweepFile.fsPath,
      JSON.stringify(
        {
          name: 'sweep4',
          seed: 1,
          // Trials long enough (about a second each, more under load) that the second starts
          // while the first still trains, however long a worker takes to start.
          data: { generator: 'sine', samples: 192, steps: 16, validationSplit: 0.25 },
          model: {
            layers: [
              { type: 'rnn', units: 4 },
              { type: 'dense', units: 1 },
            ],
          },
          training: { epochs: 1500, batchSize: 48, loss: 'mse', optimizer: { type: 'adam', learningRate: 0.01 } },
          sweep: {
            method: 'grid',
            parallel: 2,
            parameters: {
              'training.optimizer.learningRate': { values: [0.01, 0.03] },
              'model.layers[0].type': { values: ['rnn', 'gru'] },
            },
          },
        },
        null,
        2,
      ),
    );
  });

  test('Run Sweep trains the 4 trials as runs of the experiment, two at a time', async () => {
    run = (await vscode.commands.executeCommand<SweepRun>(Command.sweep, sweepFile))!;
    assert.ok(run, 'the sweep started');
    assert.equal(run.outcome.stopped, false);
    assert.deepEqual(
      run.outcome.ended.map((e) => e.status),
      ['completed', 'completed', 'completed', 'completed'],
    );
    const records = run.outcome.ended.map((e) => JSON.parse(readFileSync(path.join(e.runDir!, 'run.json'), 'utf8')));
    assert.deepEqual(records.map((r) => r.sweep.trial).sort(), [1, 2, 3, 4]);
    assert.ok(
      records.every((r) => r.host === 'editor' && r.sweep.id === run.sweep.id && r.source === sweepFile.fsPath),
    );
    const intervals = records.map((r) => [Date.parse(r.startedAt), Date.parse(r.endedAt)]).sort((a, b) => a[0] - b[0]);
    assert.ok(intervals[1][0] < intervals[0][1], `two trials trained at once: ${JSON.stringify(intervals)}`);
    assert.ok(run.outcome.best, 'a best trial');
  });

  test('the Runs view names each trial by its parameters, none as interrupted', async () => {
    const items = await until('the 4 trials in the Runs view', async () => {
      api.runs.refresh();
      const roots = await api.runsTree.getChildren();
      const group = roots.find((n): n is ExperimentNode => n.kind === 'experiment' && n.source === sweepFile.fsPath);
      const runs = group ? ((await api.runsTree.getChildren(group)) as RunNode[]) : [];
      return runs.length === 4 ? runs.map((n) => api.runsTree.getTreeItem(n)) : undefined;
    });
    const labels = items.map((i) => labelOf(i)).sort();
    assert.equal(labels[0], '#1 learningRate=0.01 type=rnn', 'a trial leads with its parameters, the figures after');
    assert.ok(
      items.every((i) => /^loss \S+ · \d+\/\d+ epochs/.test(String(i.description))),
      items.map((i) => i.description).join(' | '),
    );
    assert.ok(
      items.every((i) => i.contextValue === 'rnnLab.run.completed'),
      items.map((i) => i.contextValue).join(', '),
    );
  });

  test('Open Experiments Table shows the sweep: a row per trial, the swept columns, its best trial', async () => {
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>(Command.experimentsOpen, {
      sweep: run.sweep.id,
      source: sweepFile.fsPath,
    });
    assert.equal(panel.title, 'RNN: Sweep: sweep4');
    const shown = await until("the table's rows", () => {
      const m = api.experimentsTable.contentOf(panel);
      return m && m.rows.length === 4 ? m : undefined;
    });
    for (const p of ['training.optimizer.learningRate', 'model.layers[0].type'])
      assert.ok(shown.params.includes(p), `${p} in ${shown.params.join(', ')}`);
    assert.deepEqual(shown.sweep?.parameters, ['training.optimizer.learningRate', 'model.layers[0].type']);
    assert.equal(shown.sweep?.metric, 'bestValLoss');
    assert.equal(shown.sweep?.bestRunDir, run.outcome.best!.runDir);
    assert.ok(shown.rows.every((r) => r.status === 'completed' && r.metrics.bestValLoss !== null));
    panel.dispose();
  });

  test('Stop Run on a trial stops its sweep: every running trial is kept as cancelled, none left running', async () => {
    const long = vscode.Uri.joinPath(folder(), 'sweep-long.rnn.json');
    const text = JSON.parse(readFileSync(sweepFile.fsPath, 'utf8')) as Record<string, Record<string, unknown>>;
    writeFileSync(
      long.fsPath,
      JSON.stringify({ ...text, name: 'sweeplong', training: { ...text.training, epochs: 100000 } }, null, 2),
    );
    const started = vscode.commands.executeCommand<SweepRun>(Command.sweep, long);
    const trial = await until('a trial running in the Runs view', async () => {
      api.runs.refresh();
      const runs = (await api.runs.allEntries()).filter(
        (e) => e.kind === 'run' && e.record.source === long.fsPath && e.state === 'running',
      );
      return runs.length === 2 ? runs[0] : undefined;
    });
    await vscode.commands.executeCommand(Command.runsStop, trial.dir);
    const stopped = await started;
    assert.equal(stopped.outcome.stopped, true);
    assert.deepEqual(
      stopped.outcome.ended.map((e) => e.status),
      ['cancelled', 'cancelled'],
    );
    for (const e of stopped.outcome.ended)
      assert.equal(JSON.parse(readFileSync(path.join(e.runDir!, 'run.json'), 'utf8')).status, 'cancelled');
  });

  test('Rename Run… keeps a label in run.json and the Runs view shows it', async () => {
    const runDir = run.outcome.ended[0].runDir!;
    await vscode.commands.executeCommand(Command.runsRename, runDir, 'the first trial');
    assert.equal(JSON.parse(readFileSync(path.join(runDir, 'run.json'), 'utf8')).label, 'the first trial');
    await until('the label in the Runs view', async () => {
      const roots = await api.runsTree.getChildren();
      const group = roots.find((n): n is ExperimentNode => n.kind === 'experiment' && n.source === sweepFile.fsPath);
      const runs = group ? ((await api.runsTree.getChildren(group)) as RunNode[]) : [];
      return runs.some((n) => labelOf(api.runsTree.getTreeItem(n)) === 'the first trial') || undefined;
    });
  });
});
