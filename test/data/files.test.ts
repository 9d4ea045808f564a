// Files an experiment names are read only when they are regular files, and only up to a size
// (docs/reference/limits.md): a FIFO once hung `validate` and `train` forever, a directory or a device
// gave no useful message, and any size was read whole.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { MAX_TEXT_FILE_BYTES } from '../../src/data/limits';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic';
import { checkExperiment } from '../../src/experiment/load';
import { experiment, workspace } from '../helpers/workspace';

/** Every test here would hang, not fail, if a FIFO were opened for reading the usual way. */
const guarded = { timeout: 10_000 };

const csvData = (csv: string) => ({ csv, features: ['a'], targets: ['a'], window: 2 });
const textExperiment = (text: string) =>
  experiment({
    data: { text, seqLength: 2 },
    model: {
      layers: [
        { type: 'rnn', units: 2 },
        { type: 'dense', units: 2, activation: 'softmax' },
      ],
      output: 'sequence',
    },
    training: { epochs: 1, loss: 'crossEntropy', optimizer: { type: 'sgd', learningRate: 0.1 } },
  });
const weightsExperiment = (weights: string) =>
  experiment({
    model: {
      layers: [
        { type: 'rnn', units: 4 },
        { type: 'dense', units: 1 },
      ],
      init: { weights },
    },
  });

async function errorsOf(exp: object, prepare: (dir: string) => void = () => {}): Promise<string[]> {
  const dir = workspace({ 'x.rnn.json': exp });
  prepare(dir);
  const { checked, diagnostics } = await checkExperiment(path.join(dir, 'x.rnn.json'));
  assert.equal(checked, undefined);
  return diagnostics.map((d) => formatDiagnostic(d, (f) => path.relative(dir, f)));
}

const fifo = (name: string) => (dir: string) => execFileSync('mkfifo', [path.join(dir, name)]);

describe('non-regular files are refused where the experiment names them', () => {
  it('a FIFO as CSV, text or init weights', guarded, async () => {
    for (const exp of [experiment({ data: csvData('p') }), textExperiment('p'), weightsExperiment('p')]) {
      const errors = await errorsOf(exp, fifo('p'));
      assert.equal(errors.length, 1, errors.join('\n'));
      assert.match(
        errors[0],
        /^x\.rnn\.json:\d+:\d+: error: expected a regular file, found a named pipe \(FIFO\): .*\/p$/,
      );
    }
  });

  it('a FIFO as the experiment file itself', guarded, async () => {
    const dir = workspace({});
    fifo('x.rnn.json')(dir);
    const { diagnostics } = await checkExperiment(path.join(dir, 'x.rnn.json'));
    assert.match(
      formatDiagnostic(diagnostics[0]),
      /x\.rnn\.json:1:1: error: expected a regular file, found a named pipe \(FIFO\)/,
    );
  });

  it('a directory and a character device', guarded, async () => {
    const dirErrors = await errorsOf(experiment({ data: csvData('sub') }), (dir) => mkdirSync(path.join(dir, 'sub')));
    assert.match(dirErrors[0], /error: expected a regular file, found a directory: .*\/sub$/);
    const deviceErrors = await errorsOf(textExperiment('/dev/zero'));
    assert.match(deviceErrors[0], /error: expected a regular file, found a character device: \/dev\/zero$/);
  });
});

describe('files are read up to a size', () => {
  it(`a text file above ${MAX_TEXT_FILE_BYTES / 2 ** 20} MiB is refused from its size, unread`, guarded, async () => {
    const errors = await errorsOf(textExperiment('big.txt'), (dir) => {
      writeFileSync(path.join(dir, 'big.txt'), '');
      truncateSync(path.join(dir, 'big.txt'), MAX_TEXT_FILE_BYTES + 1); // sparse: nothing is written
    });
    assert.match(errors[0], /error: .*big\.txt is 64 MiB; RNN Lab reads at most 64 MiB from a text file$/);
  });

  it('a file whose size the system does not know (/proc) is read up to the cap like any other', guarded, async () => {
    const errors = await errorsOf(weightsExperiment('/proc/self/status'));
    assert.match(errors[0], /proc\/self\/status:1:1: error: invalid JSON/);
  });
});
