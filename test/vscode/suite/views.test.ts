// Inside a real extension host: the commands that open the views of what a network learned,
// run on a Runs view node as its context menu runs them.

import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { openRun } from '../../../src/analysis/runModel';
import { sampleRun, type RunSample } from '../../../src/analysis/sample';
import { Command } from '../../../src/extension/commandIds';
import type { RnnLabApi } from '../../../src/extension/extension';
import type { ExperimentNode, RunNode } from '../../../src/extension/runs/runsTree';
import type { RunOutcome } from '../../../src/runs/recordedRun';
import { folder, until } from './helpers';

let api: RnnLabApi;

/** The Runs view's node of a run, as its context menu hands it to a command. */
async function nodeOf(source: vscode.Uri, runDir: string): Promise<RunNode> {
  return until(`${runDir} in the Runs view`, async () => {
    const roots = await api.runsTree.getChildren();
    const group = roots.find((n): n is ExperimentNode => n.kind === 'experiment' && n.source === source.fsPath);
    const runs = group ? ((await api.runsTree.getChildren(group)) as RunNode[]) : [];
    return runs.find((r) => r.kind === 'runItem' && r.entry.dir === runDir);
  });
}

suite('What the network learned, from the Runs view', () => {
  suiteSetup(async () => {
    api = await vscode.extensions.getExtension<RnnLabApi>('rnn-lab.rnn-lab')!.activate();
  });

  test('Sample Text from Run… on a character model opens its panel at the Samples view with a sample', async () => {
    const dir = folder().fsPath;
    mkdirSync(path.join(dir, 'data'), { recursive: true });
    writeFileSync(path.join(dir, 'data', 'rhyme.txt'), 'the cat sat on the mat. the dog sat on the log.\n'.repeat(4));
    const text = 'the cat sat on the mat. the dog sat on the log.\n';
    writeFileSync(
      path.join(dir, 'rhyme.rnn.json'),
      JSON.stringify(
        {
          data: { text: 'data/rhyme.txt', seqLength: 8, validationSplit: 0.2 },
          model: {
            layers: [
              { type: 'lstm', units: 12 },
              { type: 'dense', units: new Set(text).size, activation: 'softmax' },
            ],
            output: 'sequence',
          },
          training: { epochs: 4, batchSize: 8, loss: 'crossEntropy', optimizer: { type: 'adam', learningRate: 0.02 } },
        },
        null,
        2,
      ),
    );
    const source = vscode.Uri.joinPath(folder(), 'rhyme.rnn.json');
    const outcome = await vscode.commands.executeCommand<RunOutcome>(Command.train, source);
    assert.equal(outcome.status, 'completed', outcome.message);
    const node = await nodeOf(source, outcome.runDir);

    const sample = await vscode.commands.executeCommand<RunSample | undefined>(Command.runsSample, node);
    assert.ok(sample, 'a sample');
    assert.equal(sample.text.length, 200);
    assert.equal(sample.epoch, 4, 'of the final weights');
    // The same text `rnn-lab sample RUN_DIR` prints (seed 0, temperature 1, the first character as prime).
    const opened = await openRun(outcome.runDir);
    assert.ok('run' in opened);
    const expected = sampleRun(opened.run);
    assert.ok(!('error' in expected));
    assert.equal(sample.prime + sample.text, expected.prime + expected.text);
    // The panel is open and was told to show the Samples view, then the sample.
    assert.ok(api.panels.panelOf(outcome.runDir), "the run's panel is open");
    const messages = api.panels.viewMessagesOf(outcome.runDir);
    assert.deepEqual(
      messages.map((m) => m.kind),
      ['focus', 'sample'],
    );
    assert.deepEqual(messages[0], { kind: 'focus', view: 'samples' });
    assert.deepEqual(messages[1].kind === 'sample' && messages[1].result, sample);
  });

  test("Predict with Run… and Inspect Hidden States… open the run's panel at those views", async () => {
    const source = vscode.Uri.joinPath(folder(), 'notebook.rnn.json');
    const outcome = await vscode.commands.executeCommand<RunOutcome>(Command.train, source);
    assert.equal(outcome.status, 'completed', outcome.message);
    const node = await nodeOf(source, outcome.runDir);
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel | undefined>(Command.runsPredict, node);
    assert.equal(panel, api.panels.panelOf(outcome.runDir));
    await vscode.commands.executeCommand(Command.runsInspect, node);
    assert.deepEqual(api.panels.viewMessagesOf(outcome.runDir), [
      { kind: 'focus', view: 'predictions' },
      { kind: 'focus', view: 'hiddenStates' },
    ]);
    // Sample Text on a run that is not a character model says so and opens nothing new.
    assert.equal(await vscode.commands.executeCommand(Command.runsSample, node), undefined);
  });
});
