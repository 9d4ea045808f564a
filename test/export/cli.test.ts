// The export as a user meets it: `rnn-lab train`, `rnn-lab export RUN_DIR --to pytorch`,
// `python train.py` (its own process), the PyTorch run listed and opened like a native one,
// and its weights back through a state_dict and `rnn-lab import-weights`. Runs the built
// bundle (dist/cli.js), so `npm test` builds first.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { readRunHistory } from '../../src/panel/runHistory';
import { readMetrics } from '../../src/runs/metricsFile';
import { listRuns } from '../../src/runs/runStore';
import { runChild, type Finished } from '../helpers/childProcess';
import { experiment, workspace } from '../helpers/workspace';
import { assertSameRun, noTorch, python, readRun } from './exportFixtures';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

function rnnLab(args: string[], cwd = ROOT): Promise<Finished> {
  return runChild(process.execPath, [CLI, ...args], { cwd, timeoutMs: 30_000 });
}

/** Every layer form in one model: gru, per-step lstm, shared prelu rnn, per-step sigmoid rnn, dense. */
const KITCHEN_SINK = experiment({
  name: 'kitchen sink',
  seed: 7,
  data: { generator: 'sine', samples: 15, steps: 4, validationSplit: 0.2 },
  model: {
    layers: [
      { type: 'gru', units: 4 },
      { type: 'lstm', units: 3, shareWeights: false },
      { type: 'rnn', units: 3, activation: 'prelu' },
      { type: 'rnn', units: 3, activation: 'sigmoid', shareWeights: false },
      { type: 'dense', units: 1 },
    ],
  },
  training: { epochs: 3, batchSize: 5, loss: 'mse', optimizer: { type: 'adam', learningRate: 0.02 }, clipNorm: 0.5 },
});

describe('rnn-lab export RUN_DIR --to pytorch, then python train.py', { skip: noTorch }, () => {
  const root = workspace({ 'sink.rnn.json': KITCHEN_SINK });
  const runs = path.join(root, 'runs');
  const project = path.join(root, 'project');
  let native = '';
  let exported: Finished;
  let trained: Finished;
  before(
    async () => {
      const train = await rnnLab(['train', path.join(root, 'sink.rnn.json'), '--out', runs, '--quiet', '--json']);
      assert.equal(train.code, 0, train.stderr);
      native = JSON.parse(train.stdout.trim().split('\n').pop()!).runDir;
      exported = await rnnLab(['export', native, '--to', 'pytorch', '--out', project]);
      trained = await python([path.join(project, 'train.py')], { cwd: root, timeoutMs: 60_000 });
    },
    { timeout: 120_000 },
  );

  it("exports, and train.py trains to completion, printing RNN Lab's lines", () => {
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /^exported kitchen sink to .*project: \d+ files$/m);
    assert.equal(trained.code, 0, trained.stderr);
    assert.match(trained.stdout, /^epoch 3\/3 loss \d+\.\d{6} val_loss \d+\.\d{6} \(\d+ ms\)$/m);
    assert.match(trained.stdout, /^run saved to /m);
  });

  it('files the run beside the run it repeats, and the run store lists it like a native one', async () => {
    const entries = await listRuns(runs);
    assert.equal(entries.length, 2, JSON.stringify(entries));
    const pytorch = entries.find((e) => e.kind === 'run' && e.record.host === 'pytorch');
    assert.ok(pytorch && pytorch.kind === 'run', 'a run with "host": "pytorch"');
    assert.equal(pytorch.state, 'completed');
    assert.equal(pytorch.record.source, path.join(root, 'sink.rnn.json'), 'filed under the same experiment file');
    assert.equal(pytorch.record.epochsCompleted, 3);
    assert.match(path.basename(pytorch.dir), /^kitchen-sink-\d{8}-\d{6}(-\d+)?$/);
    const record = pytorch.record as unknown as Record<string, unknown>;
    assert.equal(record.device, 'cpu');
  });

  it('opens in the panel: its history has every epoch, with loss, validation loss and norms', async () => {
    const dir = (await listRuns(runs)).find((e) => e.kind === 'run' && e.record.host === 'pytorch')!.dir;
    const history = await readRunHistory(dir);
    assert.ok(history, 'readable as a panel history');
    assert.equal(history.header.status, 'completed');
    assert.equal(history.points.length, 3);
    const metrics = await readMetrics(dir);
    assert.deepEqual(
      Object.keys(metrics[0].weightNorms ?? {}).sort(),
      Object.keys((await readMetrics(native))[0].weightNorms ?? {}).sort(),
      "RNN Lab's parameter names",
    );
    assert.ok(
      metrics.every((m) => m.type === 'epoch' && typeof m.ms === 'number' && typeof m.clippedBatches === 'number'),
    );
  });

  it("trains to the native run's losses and weights", async () => {
    const dir = (await listRuns(runs)).find((e) => e.kind === 'run' && e.record.host === 'pytorch')!.dir;
    assertSameRun(readRun(dir), readRun(native), 1e-9, 'kitchen sink');
    const recorded = JSON.parse(readFileSync(path.join(dir, 'experiment.json'), 'utf8'));
    assert.deepEqual(
      recorded,
      JSON.parse(readFileSync(path.join(native, 'experiment.json'), 'utf8')),
      'the same resolved experiment',
    );
  });

  it('gives its weights back through a state_dict and rnn-lab import-weights', { timeout: 60_000 }, async () => {
    const weights = path.join(native, 'weights.json');
    const dump = [
      'import json, sys, torch, train, rnn_lab_io',
      'model = train.Network().to(train.DTYPE)',
      'rnn_lab_io.load_weights(model.layers, train.LAYERS, json.load(open(sys.argv[1])))',
      'torch.save(model.state_dict(), "model.pt")',
      'rnn_lab_io.write_state_dict_json(model.state_dict(), "state_dict.json")',
    ].join('\n');
    const r = await python(['-c', dump, weights], { cwd: project, timeoutMs: 30_000 });
    assert.equal(r.code, 0, r.stderr);
    const fromPt = await python([path.join(project, 'rnn_lab_io.py'), 'state-dict', 'model.pt', 'from_pt.json'], {
      cwd: project,
      timeoutMs: 30_000,
    });
    assert.equal(fromPt.code, 0, fromPt.stderr);
    for (const stateDict of ['state_dict.json', 'from_pt.json']) {
      const out = path.join(project, `${stateDict}.weights.json`);
      const imported = await rnnLab([
        'import-weights',
        path.join(project, stateDict),
        '--experiment',
        path.join(native, 'experiment.json'),
        '-o',
        out,
      ]);
      assert.equal(imported.code, 0, imported.stderr);
      const back = JSON.parse(readFileSync(out, 'utf8'));
      assert.deepEqual(
        back.layers,
        JSON.parse(readFileSync(weights, 'utf8')).layers,
        `${stateDict}: the same weights file, value for value`,
      );
    }
  });
});
