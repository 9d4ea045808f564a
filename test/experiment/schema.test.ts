// The schema editors show and the loader agree: every field is documented with a default,
// and the defaults the loader fills in are the ones the schema advertises.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import schema from '../../schemas/rnn-experiment.schema.json';
import { loadExperiment } from '../../src/experiment/load';
import type { RnnLayerSpec } from '../../src/core/layers/index';
import { experiment, workspace } from '../helpers/workspace';

type SchemaNode = {
  properties?: Record<string, SchemaNode>;
  definitions?: Record<string, SchemaNode>;
  description?: string;
  default?: unknown;
  $ref?: string;
};

function everyProperty(node: SchemaNode, at: string, out: [string, SchemaNode][]): void {
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    out.push([`${at}${name}`, child]);
    everyProperty(child, `${at}${name}.`, out);
  }
}

describe('schema', () => {
  it('gives every field a description and a default', () => {
    const fields: [string, SchemaNode][] = [];
    everyProperty(schema, '', fields);
    for (const [name, def] of Object.entries((schema as SchemaNode).definitions ?? {}))
      everyProperty(def, `${name}.`, fields);
    assert.ok(fields.length > 40);
    for (const [name, node] of fields) {
      if (node.$ref) continue;
      assert.ok(node.description, `${name} has no description`);
      assert.ok('default' in node, `${name} has no default`);
    }
  });

  it('advertises the defaults the loader applies', async () => {
    const dir = workspace({
      'd.rnn.json': experiment({
        training: { epochs: 1, loss: 'mse', optimizer: { type: 'adam', learningRate: 0.1 } },
      }),
    });
    const { loaded } = await loadExperiment(path.join(dir, 'd.rnn.json'));
    const e = loaded!.experiment;
    const s = schema as any;
    assert.equal(e.seed, s.properties.seed.default);
    assert.equal(e.dtype, s.properties.dtype.default);
    assert.equal(e.trace.shapes, s.properties.trace.properties.shapes.default);
    assert.equal(e.model.output, s.definitions.model.properties.output.default);
    assert.equal(e.model.init, s.definitions.model.properties.init.default);
    assert.equal((e.model.layers[0] as RnnLayerSpec).activation, s.definitions.layer.properties.activation.default);
    assert.equal(e.training.batchSize, s.definitions.training.properties.batchSize.default);
    const adam = e.training.optimizer as { beta1: number; beta2: number; epsilon: number };
    const o = s.definitions.training.properties.optimizer.properties;
    assert.deepEqual([adam.beta1, adam.beta2, adam.epsilon], [o.beta1.default, o.beta2.default, o.epsilon.default]);
    assert.equal(e.data.validationSplit, s.definitions.data.properties.validationSplit.default);
  });
});
