// The shape trace is a contract other tools parse (docs/reference/trace-and-events.md): one line per layer
// and step in the exact text forms below, and JSON shapes with their keys in the same order.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Model, type LayerSpec } from '../../src/core/model';
import { formatTrace, type TraceEvent } from '../../src/core/trace';

function traceOf(layers: LayerSpec[], B = 2, T = 2, I = 4): TraceEvent[] {
  const model = new Model({ inputSize: I, steps: T, layers, output: 'last' }, 'float64');
  const events: TraceEvent[] = [];
  model.forward(new Float64Array(T * B * I), B, (e) => events.push(e), 1);
  return events;
}

it('rnn, lstm, gru and dense layers trace one line per step in the documented forms', () => {
  const events = traceOf([
    { type: 'lstm', units: 8, shareWeights: true },
    { type: 'gru', units: 8, shareWeights: true },
    { type: 'rnn', units: 8, activation: 'tanh', shareWeights: true },
    { type: 'dense', units: 1, activation: 'linear' },
  ]);
  assert.deepEqual(events.map(formatTrace), [
    'epoch 1 layer 0 (lstm) t=0: x[t] (2, 4) h[t-1] (2, 8) c[t-1] (2, 8) W (12, 32) [h,x] (2, 12) b (32,) -> gates (2, 32) c[t] (2, 8) h[t] (2, 8)',
    'epoch 1 layer 0 (lstm) t=1: x[t] (2, 4) h[t-1] (2, 8) c[t-1] (2, 8) W (12, 32) [h,x] (2, 12) b (32,) -> gates (2, 32) c[t] (2, 8) h[t] (2, 8)',
    'epoch 1 layer 1 (gru) t=0: x[t] (2, 8) h[t-1] (2, 8) W (16, 24) [h,x] (2, 16) b (24,) -> gates (2, 24) h[t] (2, 8)',
    'epoch 1 layer 1 (gru) t=1: x[t] (2, 8) h[t-1] (2, 8) W (16, 24) [h,x] (2, 16) b (24,) -> gates (2, 24) h[t] (2, 8)',
    'epoch 1 layer 2 (rnn) t=0: x[t] (2, 8) h[t-1] (2, 8) W (16, 8) [h,x] (2, 16) b (8,) -> h[t] (2, 8)',
    'epoch 1 layer 2 (rnn) t=1: x[t] (2, 8) h[t-1] (2, 8) W (16, 8) [h,x] (2, 16) b (8,) -> h[t] (2, 8)',
    'epoch 1 layer 3 (dense): in (2, 8) W (8, 1) b (1,) -> out (2, 1)',
  ]);
});

it('JSON shapes keep the text order: rnn as before, lstm with c, lstm and gru with gates', () => {
  const [lstm, , gru, , rnn] = traceOf([
    { type: 'lstm', units: 3, shareWeights: true },
    { type: 'gru', units: 3, shareWeights: true },
    { type: 'rnn', units: 3, activation: 'tanh', shareWeights: true },
  ]);
  assert.deepEqual(Object.keys(rnn.shapes), ['x', 'hPrev', 'W', 'hx', 'b', 'h']);
  assert.deepEqual(Object.keys(lstm.shapes), ['x', 'hPrev', 'cPrev', 'W', 'hx', 'b', 'gates', 'c', 'h']);
  assert.deepEqual(Object.keys(gru.shapes), ['x', 'hPrev', 'W', 'hx', 'b', 'gates', 'h']);
});
