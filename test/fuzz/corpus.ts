// The fuzzer's seed corpus: every example with the data files the examples use, and the
// notebook started from a weights file (model.init.weights) so that weights files get damaged too.

import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Model } from '../../src/core/model';
import { Rng } from '../../src/core/rng';
import { exportWeights } from '../../src/core/weights';
import { checkExperiment, modelSpec } from '../../src/experiment/load';
import type { FuzzCase } from './mutate';

const EXAMPLES = path.resolve(__dirname, '../../examples');
const DATA_FILES = ['data/temperature.csv', 'data/alice.txt'];
export const EXPERIMENT = 'exp.rnn.json';
const WEIGHTS = 'init.weights.json';

export interface Seed {
  readonly origin: string;
  readonly files: ReadonlyMap<string, string>;
}

export async function seedCorpus(): Promise<Seed[]> {
  const data = DATA_FILES.map((f) => [f, readFileSync(path.join(EXAMPLES, f), 'utf8')] as const);
  const seeds: Seed[] = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.rnn.json'))
    .sort()
    .map((f) => ({
      origin: f,
      files: new Map([[EXPERIMENT, readFileSync(path.join(EXAMPLES, f), 'utf8')], ...data]),
    }));
  seeds.push(await withInitWeights());
  return seeds;
}

/** The notebook example, starting from a weights file of its shape. */
async function withInitWeights(): Promise<Seed> {
  const { checked } = await checkExperiment(path.join(EXAMPLES, 'notebook.rnn.json'));
  if (!checked) throw new Error('examples/notebook.rnn.json does not check');
  const model = new Model(modelSpec(checked.experiment, checked.shape), 'float64');
  model.initialise('glorot', new Rng(0, 'init'));
  const experiment = JSON.parse(readFileSync(path.join(EXAMPLES, 'notebook.rnn.json'), 'utf8')) as {
    model: Record<string, unknown>;
  };
  experiment.model.init = { weights: WEIGHTS };
  return {
    origin: 'notebook.rnn.json + init weights',
    files: new Map([
      [EXPERIMENT, JSON.stringify(experiment, null, 2)],
      [WEIGHTS, JSON.stringify(exportWeights(model))],
    ]),
  };
}

export function caseFrom(seed: Seed): FuzzCase {
  return { origin: seed.origin, mutations: [], files: new Map(seed.files), specials: [], experiment: EXPERIMENT };
}
