// `rnn-lab train --json`: the done event carries what run.json records about how training
// ended — stoppedEarly and restoredEpoch when early stopping ended it (docs/guide/cli.md).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { runChild, TEST_TIMEOUT_MS } from '../helpers/childProcess';
import { experiment, workspace } from '../helpers/workspace';

const CLI = path.resolve(__dirname, '../../dist/cli.js');

it(
  'the --json done event says stoppedEarly and restoredEpoch exactly when run.json does',
  { timeout: TEST_TIMEOUT_MS },
  async () => {
    const stopping = experiment({
      training: {
        epochs: 20,
        loss: 'mse',
        optimizer: { type: 'sgd', learningRate: 0.1 },
        // no fall is large enough: training stops after patience epochs, the best epoch restored
        earlyStopping: { monitor: 'loss', patience: 2, minDelta: 1e9, restoreBest: true },
      },
    });
    const dir = workspace({ 'stop.rnn.json': stopping, 'plain.rnn.json': experiment() });
    for (const [file, stops] of [
      ['stop.rnn.json', true],
      ['plain.rnn.json', false],
    ] as const) {
      const out = path.join(dir, `runs-${file}`);
      const r = await runChild(process.execPath, [CLI, 'train', file, '--json', '--out', out], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      const done = JSON.parse(r.stdout.trim().split('\n').pop()!);
      const [run] = readdirSync(out);
      const record = JSON.parse(readFileSync(path.join(out, run, 'run.json'), 'utf8'));
      assert.equal(done.type, 'done');
      assert.equal(record.stoppedEarly === true, stops, `run.json of ${file}`);
      assert.equal(done.stoppedEarly, record.stoppedEarly, `${file}: the done event says what run.json says`);
      assert.equal(done.restoredEpoch, record.restoredEpoch, file);
      if (stops) {
        assert.equal(done.epochsCompleted, 3, 'epoch 1 is the best; 2 and 3 do not improve on it');
        assert.equal(done.restoredEpoch, 1);
      }
    }
  },
);
