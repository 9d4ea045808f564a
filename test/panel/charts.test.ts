// The chart registry as the page and the webview rely on it, and the statistic keys of RNN,
// LSTM and GRU layers as the charts read them.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMPARE_CHARTS, figureId, hasStatistics, RUN_CHARTS, VIEW_CHARTS } from '../../src/panel/charts';
import { comparePage, panelPage, type PanelPageOptions } from '../../src/panel/html';
import { gatesOf, keysOf, layerNumber, layerOf } from '../../src/panel/statisticKeys';

const options: PanelPageOptions = { script: { inline: '' }, style: { inline: '' }, cspSource: 'self', nonce: 'n' };

describe('chart registry', () => {
  it('gives every chart of a page one figure and one canvas, in registry order', () => {
    // The training panel: its charts, then the charts of its views of what the network learned.
    for (const [page, charts] of [
      [panelPage(options), [...RUN_CHARTS, ...VIEW_CHARTS]],
      [comparePage(options), COMPARE_CHARTS],
    ] as const) {
      const canvases = [...page.matchAll(/<canvas id="([^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(
        canvases,
        charts.map((c) => c.id),
      );
      for (const c of charts) assert.ok(page.includes(`<figure id="${figureId(c.id)}"`), `${c.id} has a figure`);
    }
  });

  it('starts gate saturation hidden: only LSTM and GRU runs have it', () => {
    assert.match(panelPage(options), new RegExp(`<figure id="${figureId('gates')}" hidden>`));
    const gates = RUN_CHARTS.find((c) => c.id === 'gates')!;
    assert.equal(hasStatistics({ epoch: 1, loss: 1, valLoss: null, ms: 1 }, gates), false);
    assert.equal(
      hasStatistics(
        { epoch: 1, loss: 1, valLoss: null, ms: 1, gateSaturation: { 'layer1.f': { low: 0, high: 1 } } },
        gates,
      ),
      true,
    );
  });
});

describe('statistic keys', () => {
  it('names the layer of a parameter, a per-step weight, a gate block and a gate', () => {
    assert.deepEqual(['layer0.Wh', 'layer0.step2.Wh', 'layer1.Wh.f', 'layer12.z'].map(layerOf), [
      'layer0',
      'layer0',
      'layer1',
      'layer12',
    ]);
    assert.deepEqual(['layer0.Wh', 'layer3', 'layer12.z'].map(layerNumber), [0, 3, 12]);
  });

  it('collects keys over epochs, including those an older epoch lacks', () => {
    const points = [{}, { a: 1 }, { a: 2, b: 3 }, undefined];
    assert.deepEqual(
      keysOf(points, (p) => p),
      ['a', 'b'],
    );
  });

  it("finds the gates of a layer's recurrent matrix in column order, none for an rnn layer", () => {
    const keys = [
      'layer0.Wh',
      'layer1.Wh.i',
      'layer1.Wh.f',
      'layer1.Wh.g',
      'layer1.Wh.o',
      'layer2.Wh.r',
      'layer2.Wh.z',
      'layer2.Wh.n',
    ];
    assert.deepEqual(gatesOf('layer1', keys), ['i', 'f', 'g', 'o']);
    assert.deepEqual(gatesOf('layer2', keys), ['r', 'z', 'n']);
    assert.deepEqual(gatesOf('layer0', keys), []);
  });
});
