// What an export writes, without running it: the files, the data exactly as RNN Lab holds it,
// the batch order only when RNN Lab shuffles, code shaped like a person's (only the modules a
// model needs, no data inside the script), and a folder of someone else's left alone.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { epochOrders } from '../../src/core/batchOrder';
import { trainerConfig } from '../../src/experiment/load';
import { ExportRefused, exportPyTorchProject } from '../../src/export/pytorchProject';
import { experiment, workspace } from '../helpers/workspace';
import { load } from './exportFixtures';

const ROOT = path.resolve(__dirname, '../..');

function readArray(dir: string, entry: { file: string; dtype: string }): number[] {
  const bytes = readFileSync(path.join(dir, 'data', entry.file));
  const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return Array.from(entry.dtype === 'float64' ? new Float64Array(copy) : new Int32Array(copy));
}

describe('rnn-lab export --to pytorch writes', () => {
  it('train.py, rnn_lab_io.py, the resolved experiment, initial weights, data and a README', async () => {
    const loaded = await load(path.join(ROOT, 'examples/temperature-csv.rnn.json'), 3);
    const project = exportPyTorchProject(loaded, { outDir: path.join(workspace({}), 'p'), toolVersion: 'test' });
    assert.deepEqual(project.files.sort(), [
      'README.md',
      'data/batch_order.bin',
      'data/data.json',
      'data/train_x.bin',
      'data/train_y.bin',
      'data/validation_x.bin',
      'data/validation_y.bin',
      'experiment.json',
      'initial_weights.json',
      'rnn_lab_io.py',
      'slurm.sbatch',
      'train.py',
    ]);
    assert.deepEqual(
      JSON.parse(readFileSync(path.join(project.dir, 'experiment.json'), 'utf8')),
      JSON.parse(JSON.stringify(loaded.experiment)),
    );
    const initial = JSON.parse(readFileSync(path.join(project.dir, 'initial_weights.json'), 'utf8'));
    assert.equal(initial.format, 'rnn-lab/weights@1');
    assert.deepEqual(
      initial.layers.map((l: { type: string }) => l.type),
      ['rnn', 'dense'],
    );
  });

  it('the samples as RNN Lab prepared them — windows, z-scores, split — and its normalisation', async () => {
    const loaded = await load(path.join(ROOT, 'examples/temperature-csv.rnn.json'), 3);
    const config = trainerConfig(loaded);
    const dir = exportPyTorchProject(loaded, { outDir: path.join(workspace({}), 'p'), toolVersion: 'test' }).dir;
    const manifest = JSON.parse(readFileSync(path.join(dir, 'data', 'data.json'), 'utf8'));
    const t = config.train;
    assert.deepEqual(manifest.train_x.shape, [t.count, t.steps, t.inputSize]);
    assert.deepEqual(readArray(dir, manifest.train_x), Array.from(t.x), 'bit for bit');
    assert.deepEqual(readArray(dir, manifest.validation_y), Array.from(config.validation!.y));
    assert.deepEqual(
      manifest.info,
      JSON.parse(JSON.stringify(loaded.dataInfo)),
      'the z-score statistics RNN Lab records',
    );
  });

  it('the sample order of every epoch when RNN Lab shuffles, and none when it does not', async () => {
    const root = workspace({
      'shuffled.rnn.json': experiment({
        data: { generator: 'sine', samples: 10, steps: 3 },
        training: { epochs: 3, batchSize: 4, loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.1 } },
      }),
      'full.rnn.json': experiment({ data: { generator: 'sine', samples: 10, steps: 3 } }),
    });
    const shuffled = await load(path.join(root, 'shuffled.rnn.json'));
    const dir = exportPyTorchProject(shuffled, { outDir: path.join(root, 'a'), toolVersion: 'test' }).dir;
    const manifest = JSON.parse(readFileSync(path.join(dir, 'data', 'data.json'), 'utf8'));
    assert.deepEqual(manifest.batch_order.shape, [3, 10]);
    const orders = epochOrders(shuffled.experiment.seed, 10, 4, true);
    const expected = [0, 1, 2].flatMap(() => Array.from(orders.next().value));
    assert.deepEqual(readArray(dir, manifest.batch_order), expected);
    assert.notDeepEqual(expected.slice(0, 10), expected.slice(10, 20), 'reshuffled every epoch');

    const full = exportPyTorchProject(await load(path.join(root, 'full.rnn.json')), {
      outDir: path.join(root, 'b'),
      toolVersion: 'test',
    });
    assert.ok(!full.files.includes('data/batch_order.bin'), 'one full batch: data order');
  });

  it("a script shaped like a person's: torch modules, only the helpers it uses, no data inside", async () => {
    const text = 'the quick brown fox jumps over the lazy dog. '.repeat(40); // 28 distinct characters
    const root = workspace({
      'text.txt': text,
      'chars.rnn.json': experiment({
        data: { text: 'text.txt', seqLength: 12, validationSplit: 0.1 },
        model: {
          layers: [
            { type: 'rnn', units: 64 },
            { type: 'dense', units: 28, activation: 'softmax' },
          ],
          output: 'sequence',
        },
        training: {
          epochs: 2,
          batchSize: 32,
          loss: 'crossEntropy',
          optimizer: { type: 'adam', learningRate: 0.01 },
          clipNorm: 5,
        },
      }),
    });
    const loaded = await load(path.join(root, 'chars.rnn.json'));
    const dir = exportPyTorchProject(loaded, { outDir: path.join(root, 'p'), toolVersion: 'test' }).dir;
    const script = readFileSync(path.join(dir, 'train.py'), 'utf8');
    assert.match(script, /nn\.RNN\(28, 64, nonlinearity="tanh", batch_first=True\)/);
    assert.match(script, /nn\.Linear\(64, 28\)/);
    assert.match(
      script,
      /torch\.optim\.Adam\(parameters, lr=o\["learningRate"\], betas=\(o\["beta1"\], o\["beta2"\]\)/,
    );
    assert.match(script, /DataLoader\(TensorDataset\(data\.train_x, data\.train_y\), batch_sampler=batches\)/);
    assert.equal(JSON.parse(readFileSync(path.join(dir, 'experiment.json'), 'utf8')).training.clipNorm, 5);
    assert.match(script, /^CLIP_NORM = TRAINING.get\("clipNorm"\)/m);
    for (const unused of ['class Elman', 'class PerStep', 'class ElmanCell'])
      assert.ok(!script.includes(unused), `no ${unused}`);
    assert.ok(script.length < 20_000, `train.py holds code, not data (${script.length} characters)`);
    const long = [...script.split('\n'), ...readFileSync(path.join(dir, 'rnn_lab_io.py'), 'utf8').split('\n')].filter(
      (l) => l.length > 120,
    );
    assert.deepEqual(long, [], 'no line longer than 120 characters');
  });

  it('nothing for a setting it cannot reproduce, naming it', async () => {
    const loaded = await load(path.join(workspace({ 'x.rnn.json': experiment() }), 'x.rnn.json'));
    const e = loaded.experiment;
    // dropout draws its masks from RNN Lab's own random stream: not reproducible in torch
    const later = { ...loaded, experiment: { ...e, model: { ...e.model, dropout: 0.2 } } };
    assert.throws(
      () => exportPyTorchProject(later, { outDir: path.join(workspace({}), 'p'), toolVersion: 'test' }),
      (err: Error) =>
        err instanceof ExportRefused && err.message.startsWith('model.dropout: not exported to PyTorch yet'),
    );
  });

  it('nothing into a folder whose train.py someone else wrote', async () => {
    const root = workspace({ 'x.rnn.json': experiment(), 'mine/train.py': 'print("my own training script")\n' });
    const loaded = await load(path.join(root, 'x.rnn.json'));
    assert.throws(
      () => exportPyTorchProject(loaded, { outDir: path.join(root, 'mine'), toolVersion: 'test' }),
      ExportRefused,
    );
    assert.equal(readFileSync(path.join(root, 'mine/train.py'), 'utf8'), 'print("my own training script")\n');
    const again = path.join(root, 'again');
    exportPyTorchProject(loaded, { outDir: again, toolVersion: 'test' });
    writeFileSync(path.join(again, 'notes.txt'), 'kept');
    exportPyTorchProject(loaded, { outDir: again, toolVersion: 'test' }); // an export replaces its own files
    assert.equal(readFileSync(path.join(again, 'notes.txt'), 'utf8'), 'kept');
  });
});
