// `rnn-lab sample` and the samples a character model's run records while it trains.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { openRun, type OpenedRun } from '../../src/analysis/runModel';
import { sampleRun } from '../../src/analysis/sample';
import { loadExperiment } from '../../src/experiment/load';
import { recordedRun } from '../../src/runs/recordedRun';
import { runChild, TEST_TIMEOUT_MS } from '../helpers/childProcess';
import { experiment, workspace } from '../helpers/workspace';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const TEXT = 'the cat sat on the mat. the dog sat on the log.\n'.repeat(4);

const chars = (epochs: number) =>
  experiment({
    seed: 5,
    data: { text: 'text.txt', seqLength: 8, validationSplit: 0.2 },
    model: {
      layers: [
        { type: 'lstm', units: 12 },
        { type: 'dense', units: new Set(TEXT).size, activation: 'softmax' },
      ],
      output: 'sequence',
    },
    training: { epochs, batchSize: 8, loss: 'crossEntropy', optimizer: { type: 'adam', learningRate: 0.02 } },
  });

describe("a character model's run", () => {
  let runDir: string;
  let metrics: any[];
  before(async () => {
    const dir = workspace({ 'text.txt': TEXT, 'chars.rnn.json': chars(6) });
    const { loaded } = await loadExperiment(path.join(dir, 'chars.rnn.json'));
    const outcome = await recordedRun(loaded!, {
      runsDir: path.join(dir, 'runs'),
      toolVersion: 'test',
      sampleEvery: 2,
    });
    assert.equal(outcome.status, 'completed', outcome.message);
    runDir = outcome.runDir;
    metrics = readFileSync(path.join(runDir, 'metrics.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
  });

  const open = async (epoch?: number): Promise<OpenedRun> => {
    const o = await openRun(runDir, epoch);
    assert.ok('run' in o, 'error' in o ? o.error : '');
    return o.run;
  };

  it('records a 200-character sample every N epochs in metrics.ndjson, the one `sample` gives for that epoch', async () => {
    const sampled = metrics.filter((m) => m.sample).map((m) => m.epoch);
    assert.deepEqual(sampled, [2, 4, 6]);
    const at4 = metrics[3].sample;
    assert.deepEqual(
      { prime: at4.prime, temperature: at4.temperature, seed: at4.seed, length: at4.text.length },
      { prime: 't', temperature: 1, seed: 5, length: 200 },
    );
    const again = sampleRun(await open(4), { seed: 5 });
    assert.ok(!('error' in again));
    assert.equal(again.prime + again.text, at4.prime + at4.text, 'the checkpoint of epoch 4 samples the same text');
  });

  it('names unknown characters of the prime, and refuses runs that are not character models', async () => {
    const run = await open();
    const bad = sampleRun(run, { prime: 'the Cat' });
    assert.ok('error' in bad);
    assert.match(bad.error, /^--prime: unknown character "C": not in the run's vocabulary of \d+/);
    const regression = workspace({ 'r.rnn.json': experiment() });
    const { loaded } = await loadExperiment(path.join(regression, 'r.rnn.json'));
    const outcome = await recordedRun(loaded!, { runsDir: path.join(regression, 'runs'), toolVersion: 'test' });
    const opened = await openRun(outcome.runDir);
    assert.ok('run' in opened);
    assert.deepEqual(sampleRun(opened.run), {
      error: 'sample is for character models: this run\'s data is not "text"',
    });
    assert.ok(!metrics.some((m) => m.sample === undefined && m.epoch % 2 === 0), 'every second epoch has its sample');
  });

  it(
    'rnn-lab sample: the same seed prints the same text; --temperature 0 the most likely one; --json says how',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const sample = (...args: string[]) =>
        runChild(process.execPath, [CLI, 'sample', runDir, '--prime', 'the ', '--length', '60', ...args]);
      const [a, b, c] = await Promise.all([sample('--seed', '3'), sample('--seed', '3'), sample('--seed', '4')]);
      assert.equal(a.code, 0, a.stderr);
      assert.equal(a.stdout, b.stdout);
      assert.notEqual(a.stdout, c.stdout);
      assert.ok(a.stdout.startsWith('the ') && a.stdout.length === 'the '.length + 60 + 1, JSON.stringify(a.stdout));
      const greedy = await sample('--temperature', '0', '--json');
      const doc = JSON.parse(greedy.stdout);
      const expected = sampleRun(await open(), { prime: 'the ', length: 60, temperature: 0 });
      assert.ok(!('error' in expected));
      assert.deepEqual({ ...doc, runDir: undefined }, { type: 'sample', runDir: undefined, ...expected });
      const unknown = await sample('--prime', 'thé');
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /error: --prime: unknown character "é"/);
    },
  );
});
