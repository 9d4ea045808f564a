// The Experiments table's rows, read from real runs: final and best figures from run.json
// (bestMetrics, kept by the recorder) equal to those of metrics.ndjson, which is read instead
// for a run whose run.json has none; only the settings that differ become columns.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, it } from 'node:test';
import { loadExperiment } from '../../src/experiment/load';
import { readExperimentRows } from '../../src/panel/experimentsRows';
import type { HostToExperiments } from '../../src/panel/experimentsProtocol';
import { recordedRun } from '../../src/runs/recordedRun';
import { listRuns } from '../../src/runs/runStore';
import { workspace } from '../helpers/workspace';

const parity = (learningRate: number) => ({
  name: 'parity',
  seed: 2,
  data: { generator: 'parity', samples: 64, steps: 4, validationSplit: 0.25 },
  model: {
    layers: [
      { type: 'gru', units: 6 },
      { type: 'dense', units: 1, activation: 'sigmoid' },
    ],
  },
  training: { epochs: 12, batchSize: 16, loss: 'bce', optimizer: { type: 'adam', learningRate } },
  trace: { shapes: 'off' },
});

let runsDir: string;
let rows: HostToExperiments;

before(async () => {
  const ws = workspace({ 'a.rnn.json': parity(0.01), 'b.rnn.json': parity(0.05) });
  runsDir = path.join(ws, 'runs');
  for (const f of ['a', 'b']) {
    const { loaded } = await loadExperiment(path.join(ws, `${f}.rnn.json`));
    await recordedRun(loaded!, { runsDir, toolVersion: 'test' });
  }
  rows = await readExperimentRows(await listRuns(runsDir), { kind: 'all' });
});

it('has the best of every figure in run.json, as metrics.ndjson has it', () => {
  for (const r of rows.rows) {
    const lines = readFileSync(path.join(r.runDir, 'metrics.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, number>);
    assert.equal(r.metrics.bestLoss, Math.min(...lines.map((l) => l.loss)));
    assert.equal(r.metrics.bestValLoss, Math.min(...lines.map((l) => l.valLoss)));
    assert.equal(r.metrics.bestAccuracy, Math.max(...lines.map((l) => l.accuracy)));
    assert.equal(r.metrics.valAccuracy, lines.at(-1)!.valAccuracy);
    assert.equal(r.metrics.perplexity, null, 'bce has no perplexity');
  }
  assert.deepEqual(
    rows.params,
    ['training.optimizer.learningRate'],
    'only the setting that differs (and not the name)',
  );
});

it('reads metrics.ndjson for a run whose run.json has no best figures (older runs), to the same values', async () => {
  const dir = rows.rows[0].runDir;
  const record = JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')) as Record<string, unknown>;
  delete record.bestMetrics;
  writeFileSync(path.join(dir, 'run.json'), JSON.stringify(record));
  const again = await readExperimentRows(await listRuns(runsDir), { kind: 'all' });
  assert.deepEqual(again.rows.find((r) => r.runDir === dir)!.metrics, rows.rows[0].metrics);
});
