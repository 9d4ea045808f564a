// metrics.ndjson is read against the epoch event's typed contract (issue 13, item 12): a crafted
// line once froze the panel and the report (a 20,000 × 20,000 heatmap claimed with one value,
// a 10⁶-bin histogram) or broke the report (`null`, `{"epoch": 11}`). Lines that are not
// epochs are dropped, statistics that do not fit are dropped, and the rest reads as before.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { readRunHistory } from '../../src/panel/runHistory';
import { readMetrics } from '../../src/runs/metricsFile';
import { checkEpochLine, MAX_HISTOGRAM_BINS, parseMetricsLine } from '../../src/runs/metricsLine';
import { RUN_FORMAT } from '../../src/runs/runRecord';
import { runChild, TEST_TIMEOUT_MS } from '../helpers/childProcess';
import { workspace } from '../helpers/workspace';

const ROOT = path.resolve(__dirname, '../..');

/** A well-formed epoch line as the trainer writes it (one rnn layer of 2 units, T = 3). */
function epochLine(epoch: number, extra: object = {}) {
  return {
    type: 'epoch',
    epoch,
    epochs: 12,
    loss: 0.5 / epoch,
    valLoss: null,
    learningRate: 0.1,
    ms: 1.5,
    clippedBatches: 0,
    weightNorms: { 'layer0.Wx': 1, 'layer0.Wh': 2 },
    gradNorms: { 'layer0.Wx': 0.1 },
    spectralNorms: { 'layer0.Wh': 0.9 },
    dhNorms: { layer0: [0.1, 0.2, 0.3] },
    histograms: { 'layer0.Wh': { min: -1, max: 1, counts: [1, 2, 1] } },
    whSnapshots: { 'layer0.Wh': { rows: 2, cols: 2, shape: [2, 2], values: [0.1, -0.2, 0.3, 0.4] } },
    ...extra,
  };
}

const HOSTILE_LINES = [
  'null',
  '{"epoch": 11}',
  '[1, 2, 3]',
  '"epoch"',
  '{"type": "start", "epoch": 1, "loss": 1}',
  '{"epoch": -3, "loss": 1}',
  '{"epoch": 1.5, "loss": 1}',
  '{"epoch": 2, "loss": "0.5"}',
];

describe('one metrics line against the contract', () => {
  it('keeps a well-formed line as it is', () => {
    const line = epochLine(3);
    assert.deepEqual(checkEpochLine(JSON.parse(JSON.stringify(line))), line);
  });

  it('drops what is not an epoch: null, {"epoch": 11}, arrays, other events, bad epochs and losses', () => {
    for (const line of HOSTILE_LINES) assert.equal(parseMetricsLine(line), undefined, line);
  });

  it('reads back non-finite losses however they were recorded; null valLoss stays "no validation"', () => {
    assert.ok(Number.isNaN(parseMetricsLine('{"epoch": 1, "loss": null}')!.loss));
    assert.equal(parseMetricsLine('{"epoch": 1, "loss": "Infinity", "valLoss": "-Infinity"}')!.valLoss, -Infinity);
    assert.equal(parseMetricsLine('{"epoch": 1, "loss": 1, "valLoss": null}')!.valLoss, null);
  });

  it('drops a heatmap that claims more than it holds, or more than 32 × 32', () => {
    const claims = [
      { rows: 20000, cols: 20000, shape: [20000, 20000], values: [1] },
      { rows: 2, cols: 2, shape: [2, 2], values: [1, 2, 3] },
      { rows: 64, cols: 64, shape: [64, 64], values: Array.from({ length: 64 * 64 }, () => 0) },
      { rows: 2, cols: 2, shape: [1, 2], values: [1, 2, 3, 4] },
      { rows: 2, cols: 2, shape: [2, 2], values: [1, 2, 3, 'x'] },
      { rows: 1, cols: 32, shape: [1, 1e9], values: Array.from({ length: 32 }, () => 0) }, // 10⁹ gate lines
    ];
    for (const m of claims) {
      const e = checkEpochLine(
        epochLine(1, { whSnapshots: { 'layer0.Wh': m, 'layer1.Wh': epochLine(1).whSnapshots['layer0.Wh'] } }),
      )!;
      assert.deepEqual(Object.keys(e.whSnapshots!), ['layer1.Wh'], JSON.stringify(m).slice(0, 80));
    }
  });

  it(`drops a histogram of more than ${MAX_HISTOGRAM_BINS} bins (10⁶ bins once took 120 s to draw) or with bad counts`, () => {
    for (const h of [
      { min: 0, max: 1, counts: Array.from({ length: 1e6 }, () => 1) },
      { min: 1, max: 0, counts: [1] },
      { min: 0, max: 1, counts: [-1] },
      { min: 0, max: 1, counts: [] },
    ]) {
      const e = checkEpochLine(epochLine(1, { histograms: { big: h } }))!;
      assert.deepEqual(e.histograms, {});
    }
  });

  it('drops per-step series of different lengths, and names and values that do not fit', () => {
    assert.equal(checkEpochLine(epochLine(1, { dhNorms: { layer0: [1, 2, 3], layer1: [1] } }))!.dhNorms, undefined);
    assert.equal(
      checkEpochLine(epochLine(1, { dhNorms: { layer0: [1, 2, 3] }, dcNorms: { layer0: [1, 2] } }))!.dcNorms,
      undefined,
    );
    const e = checkEpochLine(
      epochLine(1, {
        weightNorms: { ok: 1, bad: 'x', [`${'n'.repeat(300)}`]: 1 },
        gateSaturation: { 'layer0.f': { low: 2, high: 0 }, 'layer0.i': { low: 0.1, high: 0.2 } },
      }),
    )!;
    assert.deepEqual(e.weightNorms, { ok: 1 });
    assert.deepEqual(e.gateSaturation, { 'layer0.i': { low: 0.1, high: 0.2 } });
  });

  it('keeps scalar fields it does not know (newer figures), drops structured ones', () => {
    const e = checkEpochLine(
      epochLine(1, { accuracy: 0.9, note: 'x', blob: { a: [1] }, list: [1, 2] }),
    ) as unknown as Record<string, unknown>;
    assert.equal(e.accuracy, 0.9);
    assert.equal(e.note, 'x');
    assert.equal(e.blob, undefined);
    assert.equal(e.list, undefined);
  });
});

describe('readers of metrics.ndjson', () => {
  function runDir(lines: string[]): string {
    const dir = path.join(workspace({}), 'exp-20261101-100000');
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, 'run.json'),
      JSON.stringify({
        format: RUN_FORMAT,
        name: 'exp',
        status: 'completed',
        startedAt: '2026-11-01T10:00:00.000Z',
        endedAt: '2026-11-01T10:00:05.000Z',
        epochs: 12,
        epochsCompleted: 12,
        finalLoss: 0.1,
        finalValLoss: null,
        seed: 0,
        source: '/ws/exp.rnn.json',
        toolVersion: '0.1.0',
        pid: 1,
      }),
    );
    writeFileSync(path.join(dir, 'metrics.ndjson'), `${lines.join('\n')}\n`);
    return dir;
  }

  const crafted = () => [
    JSON.stringify(epochLine(1)),
    ...HOSTILE_LINES,
    JSON.stringify(
      epochLine(2, { whSnapshots: { 'layer0.Wh': { rows: 20000, cols: 20000, shape: [20000, 20000], values: [1] } } }),
    ),
    JSON.stringify(
      epochLine(3, { histograms: { 'layer0.Wh': { min: 0, max: 1, counts: Array.from({ length: 1e6 }, () => 1) } } }),
    ),
    `{"epoch": 4, "loss": 1, "pad": "${'x'.repeat(1000)}`, // torn
  ];

  it("readMetrics and the panel's history keep the three real epochs, without the oversized statistics", async () => {
    const dir = runDir(crafted());
    assert.deepEqual(
      (await readMetrics(dir)).map((e) => e.epoch),
      [1, 2, 3],
    );
    const history = await readRunHistory(dir, () => false);
    assert.deepEqual(
      history!.points.map((p) => p.epoch),
      [1, 2, 3],
    );
    assert.deepEqual(history!.points[1].whSnapshots, {});
    assert.deepEqual(history!.points[2].histograms, {});
  });

  it('a metrics.ndjson that is a FIFO reads as no epochs instead of blocking', { timeout: 10_000 }, async () => {
    const dir = runDir([]);
    execFileSync('sh', [
      '-c',
      `rm "${path.join(dir, 'metrics.ndjson')}" && mkfifo "${path.join(dir, 'metrics.ndjson')}"`,
    ]);
    assert.deepEqual(await readMetrics(dir), []);
  });

  it(
    'rnn-lab report writes the page for such a file (it once failed on a null line)',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const dir = runDir(crafted());
      const r = await runChild(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'report', dir], { cwd: ROOT });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /report written to/);
    },
  );
});
