// The one way tests write a TrainerConfig: a small model on a small dataset, with only the
// parts a test is about spelled out.

import type { ElementwiseActivation } from '../../src/core/activations';
import type { Dataset } from '../../src/core/dataset';
import type { DenseLayerSpec } from '../../src/core/layers/dense';
import type { RnnLayerSpec } from '../../src/core/layers/recurrent';
import type { ModelSpec } from '../../src/core/model';
import type { AdamSpec, SgdSpec } from '../../src/core/optimizers';
import type { TrainerConfig, TrainingSpec } from '../../src/core/trainer';
import { generate } from '../../src/data/generators';
import { testBlas } from './testBlas';

export interface TrainerConfigOverrides extends Partial<Omit<TrainerConfig, 'model' | 'training'>> {
  /** Layers and output mode; inputSize and steps always come from the training data. */
  readonly model?: Partial<Pick<ModelSpec, 'layers' | 'output'>>;
  readonly training?: Partial<TrainingSpec>;
}

/**
 * Defaults: seed 0, float64, no trace, glorot init; `sineData()` (32 samples of 8 steps); an
 * 8-unit tanh rnn and a linear dense readout of the last step; 4 epochs of 8-sample shuffled
 * batches, mse, sgd at 0.01.
 */
export function makeTrainerConfig(overrides: TrainerConfigOverrides = {}): TrainerConfig {
  const { model, training, ...rest } = overrides;
  const train = overrides.train ?? sineData();
  return {
    seed: 0,
    dtype: 'float64',
    trace: 'off',
    init: 'glorot',
    blas: testBlas(),
    ...rest,
    train,
    model: {
      inputSize: train.inputSize,
      steps: train.steps,
      layers: [rnn(8), dense(train.outputSize)],
      output: 'last',
      ...model,
    },
    training: { epochs: 4, batchSize: 8, shuffle: true, loss: 'mse', optimizer: sgd(0.01), ...training },
  };
}

/** The sine generator's samples: x (samples, steps, 1), y (samples, 1). */
export function sineData(samples = 32, steps = 8, { noise = 0, seed = 0 } = {}): Dataset {
  return generate({ generator: 'sine', samples, steps, noise, validationSplit: 0 }, seed);
}

export function rnn(units: number, activation: ElementwiseActivation = 'tanh', shareWeights = true): RnnLayerSpec {
  return { type: 'rnn', units, activation, shareWeights };
}

export function dense(units: number, activation: DenseLayerSpec['activation'] = 'linear'): DenseLayerSpec {
  return { type: 'dense', units, activation };
}

export function sgd(learningRate: number, momentum = 0): SgdSpec {
  return { type: 'sgd', learningRate, momentum };
}

/** torch.optim.Adam's defaults for the betas and epsilon. */
export function adam(learningRate: number): AdamSpec {
  return { type: 'adam', learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
}
