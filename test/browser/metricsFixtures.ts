// metrics.ndjson lines for the panel tests, written out by hand to the contract in
// src/panel/protocol.ts (EpochPoint): a run with an rnn, an LSTM and a GRU layer, and lines as
// an older RNN Lab wrote them, before it recorded any statistics.

import type { EpochPoint } from '../../src/panel/protocol';

export const STEPS = 5;
export const UNITS = 4;
export const LSTM_GATES = ['i', 'f', 'g', 'o'];
export const GRU_GATES = ['r', 'z', 'n'];

const seq = (f: (t: number) => number) => Array.from({ length: STEPS }, (_, t) => f(t));
const matrix = (rows: number, cols: number, e: number) => ({
  rows,
  cols,
  shape: [rows, cols] as [number, number],
  values: Array.from({ length: rows * cols }, (_, k) => Math.sin(k + e) / e),
});

/**
 * Epoch e of a run: layer0 rnn, layer1 lstm, layer2 gru (4 units each, 5 steps), layer3 dense.
 * Gate saturation grows with the epoch, so every epoch's points differ.
 */
export function gatedLine(e: number): EpochPoint {
  const params = [
    'layer0.Wx',
    'layer0.Wh',
    'layer0.b',
    'layer1.Wx',
    'layer1.Wh',
    'layer1.b',
    'layer2.Wx',
    'layer2.Wh',
    'layer2.b',
    'layer3.W',
    'layer3.b',
  ];
  const perParam = (scale: number) => Object.fromEntries(params.map((p, i) => [p, scale * (1 + i / 10)]));
  return {
    epoch: e,
    loss: 1 / e,
    valLoss: 1.1 / e,
    ms: 3,
    clippedBatches: 0,
    weightNorms: perParam(1 + e / 10),
    gradNorms: perParam(1 / e),
    dhNorms: {
      layer0: seq((t) => (0.1 * (t + 1)) / e),
      layer1: seq((t) => (0.2 * (t + 1)) / e),
      layer2: seq((t) => (0.3 * (t + 1)) / e),
    },
    dcNorms: { layer1: seq((t) => (0.5 * (t + 1)) / e) },
    spectralNorms: {
      'layer0.Wh': 0.9 + e / 100,
      ...Object.fromEntries(LSTM_GATES.map((g, i) => [`layer1.Wh.${g}`, 0.5 + i / 10 + e / 100])),
      ...Object.fromEntries(GRU_GATES.map((g, i) => [`layer2.Wh.${g}`, 0.6 + i / 10 + e / 100])),
    },
    gateSaturation: {
      'layer1.i': { low: 0.1 * e, high: 0.05 * e },
      'layer1.f': { low: 0.02 * e, high: 0.2 * e },
      'layer1.o': { low: 0.05 * e, high: 0.05 * e },
      'layer2.r': { low: 0.15 * e, high: 0.01 * e },
      'layer2.z': { low: 0.01 * e, high: 0.15 * e },
    },
    histograms: Object.fromEntries(
      params.map((p) => [p, { min: -e, max: e, counts: Array.from({ length: 20 }, (_, k) => (k * e) % 7) }]),
    ),
    whSnapshots: {
      'layer0.Wh': matrix(UNITS, UNITS, e),
      'layer1.Wh': matrix(UNITS, 4 * UNITS, e),
      'layer2.Wh': matrix(UNITS, 3 * UNITS, e),
    },
  };
}

/** A line from before the statistics: the loss and nothing else the panel plots. */
export function bareLine(e: number): EpochPoint {
  return { epoch: e, loss: 1 / e, valLoss: null, ms: 2 };
}
