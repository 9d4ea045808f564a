// The whole-sequence kernels (kernels.sequence, wasm/sequence.as.ts) compute what the layer's
// per-step loop computes on the same fast kernels: the same products and steps, so the weights
// after training agree bit for bit; only the flow norms are summed per row, in another order.
// And the trace still has every step.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Kernels, SequenceKernels } from '../../src/core/kernels/contract';
import type { LayerSpec } from '../../src/core/model';
import type { TraceMode } from '../../src/core/trace';
import { Trainer } from '../../src/core/trainer';
import { closeness } from '../helpers/compare';
import { runStatEpoch } from '../helpers/runEpoch';
import { adam, dense, makeTrainerConfig, sineData } from '../helpers/trainerConfig';

const data = sineData(37, 11, { noise: 0.05, seed: 3 });

function trainer(layers: LayerSpec[], trace: TraceMode = 'off'): Trainer {
  return new Trainer(
    makeTrainerConfig({
      seed: 7,
      trace,
      dtype: 'float32',
      kernels: 'wasm',
      init: 'pytorch',
      train: data,
      model: { layers },
      // 37 samples in batches of 10: the last batch has 7 rows (not a multiple of 4).
      training: { epochs: 3, batchSize: 10, optimizer: adam(0.01) },
    }),
  );
}

/** The trainer's kernels with `sequence` counted, or taken away (the layers run their loops). */
function replaceSequence(t: Trainer, sequence: SequenceKernels | undefined): void {
  const kernels: Kernels = { ...t.model.memory.kernels, sequence };
  Object.defineProperty(t.model.memory, 'kernels', { value: kernels });
}

function counted(t: Trainer): { forward: number; backward: number } {
  const calls = { forward: 0, backward: 0 };
  const real = t.model.memory.kernels.sequence!;
  replaceSequence(t, {
    forward: (...args) => (calls.forward++, real.forward(...args)),
    backward: (...args) => (calls.backward++, real.backward(...args)),
  });
  return calls;
}

const stacks: [string, LayerSpec[]][] = [
  [
    'tanh rnn',
    [
      { type: 'rnn', units: 13, activation: 'tanh', shareWeights: true },
      { type: 'dense', units: 1, activation: 'linear' },
    ],
  ],
  ['lstm', [{ type: 'lstm', units: 10, shareWeights: true }, dense(1)]],
  [
    'gru over lstm over rnn',
    [
      { type: 'rnn', units: 6, activation: 'tanh', shareWeights: true },
      { type: 'lstm', units: 9, shareWeights: true },
      { type: 'gru', units: 7, shareWeights: true },
      dense(1),
    ],
  ],
];

describe('whole-sequence kernels against the per-step loop (float32, the same fast kernels)', () => {
  for (const [name, layers] of stacks) {
    it(name, () => {
      const fused = trainer(layers);
      const loop = trainer(layers);
      const calls = counted(fused);
      replaceSequence(loop, undefined);
      for (let e = 0; e < 3; e++) {
        const a = runStatEpoch(fused);
        const b = runStatEpoch(loop);
        assert.equal(a.loss, b.loss, `epoch ${e + 1}`);
        for (const layer of Object.keys(b.dhNorms)) {
          assert.ok(closeness(a.dhNorms[layer], b.dhNorms[layer]) < 1e-6, `dhNorms ${layer}`);
        }
        for (const layer of Object.keys(b.dcNorms ?? {})) {
          assert.ok(closeness(a.dcNorms![layer], b.dcNorms![layer]) < 1e-6, `dcNorms ${layer}`);
        }
      }
      const recurrent = layers.length - 1;
      assert.equal(calls.forward, 3 * 4 * recurrent, 'every forward pass of every recurrent layer ran fused');
      assert.equal(calls.backward, 3 * 4 * recurrent, 'every backward pass too');
      fused.model.params.forEach((p, i) => assert.deepEqual(p.value, loop.model.params[i].value, p.name));
    });
  }

  it('a relu rnn has no whole-sequence kernel and keeps the loop', () => {
    const t = trainer([{ type: 'rnn', units: 5, activation: 'relu', shareWeights: true }, dense(1)]);
    const calls = counted(t);
    runStatEpoch(t);
    assert.deepEqual(calls, { forward: 0, backward: 0 });
  });

  it('the fused forward still traces every step', () => {
    const t = trainer([{ type: 'gru', units: 4, shareWeights: true }, dense(1)], 'first-epoch');
    const calls = counted(t);
    const steps: number[] = [];
    runStatEpoch(t, (e) => {
      if (e.kind !== 'dense') steps.push(e.t);
    });
    assert.ok(calls.forward > 0);
    assert.deepEqual(
      steps,
      Array.from({ length: 11 }, (_, t) => t),
    );
  });
});
