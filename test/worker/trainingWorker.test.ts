// The editor's training worker (dist/worker.js) and the host's side of it, with a host that is
// slow to handle what it gets: it receives every epoch once and in order, in a few batches (it
// never has more than one waiting), and the run is recorded in full.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { isStatEpoch } from '../../src/core/statEpochs';
import { readMetrics } from '../../src/runs/metricsFile';
import type { RunOutcome } from '../../src/runs/recordedRun';
import type { EpochBatch } from '../../src/worker/protocol';
import { TrainingWorker } from '../../src/worker/trainingWorker';
import { TEST_TIMEOUT_MS } from '../helpers/childProcess';
import { experiment, workspace } from '../helpers/workspace';

const WORKER = path.resolve(__dirname, '../../dist/worker.js');
const EPOCHS = 3000;

it(
  'feeds a slow host every epoch in a few acknowledged batches',
  { timeout: TEST_TIMEOUT_MS, skip: existsSync(WORKER) ? false : 'needs dist/worker.js (npm run build)' },
  async () => {
    const ws = workspace({
      'e.rnn.json': experiment({
        training: { epochs: EPOCHS, loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.05 } },
        trace: { shapes: 'first-epoch' },
      }),
    });
    const batches: EpochBatch[] = [];
    let outcome: RunOutcome | undefined;
    let lastType = '';
    const errors: string[] = [];
    const worker = new TrainingWorker(
      WORKER,
      { file: path.join(ws, 'e.rnn.json'), runsDir: path.join(ws, 'runs'), toolVersion: 'test' },
      (m) => {
        lastType = m.type;
        if (m.type === 'batch') {
          batches.push(m);
          const until = Date.now() + 20; // a host with other work to do
          while (Date.now() < until);
        }
        if (m.type === 'finished') outcome = m.outcome;
        if (m.type === 'error' || m.type === 'invalid') errors.push(JSON.stringify(m));
      },
    );
    const killer = setTimeout(() => worker.stop(), TEST_TIMEOUT_MS - 10_000);
    await worker.exited;
    clearTimeout(killer);

    assert.deepEqual(errors, []);
    assert.equal(lastType, 'finished', 'the outcome comes after the last batch');
    assert.equal(outcome?.status, 'completed');
    const points = batches.flatMap((b) => b.points);
    assert.deepEqual(
      points.map((p) => p.epoch),
      Array.from({ length: EPOCHS }, (_, i) => i + 1),
      'every epoch, once, in order',
    );
    assert.ok(
      points.every((p) => (p.histograms !== undefined) === isStatEpoch(p.epoch, EPOCHS)),
      'statistics only on statistics epochs',
    );
    assert.ok(batches.length < EPOCHS / 10, `${batches.length} batches for ${EPOCHS} epochs`);
    const lines = batches.flatMap((b) => b.lines);
    assert.ok(
      lines.some((l) => l.startsWith('epoch 1 layer 0 (rnn) t=0:')),
      'the trace',
    );
    assert.equal(
      lines.at(-1),
      lines.find((l) => l.startsWith(`epoch ${EPOCHS}/${EPOCHS} loss`)),
      'the last epoch line is last',
    );
    assert.equal((await readMetrics(outcome.runDir)).length, EPOCHS, 'the run is recorded in full');
  },
);
