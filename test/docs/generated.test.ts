// The pages written from the code are the code's: a field added to the schema or an option
// added to a command changes them, and this fails until `npm run docs` writes them again.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { cliOptions } from '../../src/docs/cliReference';
import { cliProgram, EXPERIMENT_SCHEMA, GENERATED_PAGES } from '../../src/docs/generatedPages';
import { schemaFields } from '../../src/docs/schemaReference';
import { ROOT } from './markdownDocs';

for (const page of GENERATED_PAGES) {
  it(`${page.path} is what npm run docs writes from the code now`, () => {
    const committed = readFileSync(path.join(ROOT, page.path), 'utf8');
    assert.ok(committed === page.render(), `${page.path} is out of date: run npm run docs and commit it`);
  });
}

const reference = (name: string) => readFileSync(path.join(ROOT, 'docs/reference', name), 'utf8');

it('every field of the experiment schema has a description and a row in the format reference', () => {
  const page = reference('experiment-format.md');
  const fields = schemaFields(EXPERIMENT_SCHEMA);
  assert.ok(fields.length > 80, `only ${fields.length} fields found: the schema walk is broken`);
  for (const probe of ['training.optimizer.learningRate', 'model.layers[].units', 'sweep.prune.minEpochs']) {
    assert.ok(
      fields.some((f) => f.path === probe),
      `${probe} is not among the schema's fields`,
    );
  }
  const undocumented = fields.filter((f) => !f.node.description?.trim()).map((f) => f.path);
  assert.deepEqual(undocumented, [], 'schema fields without a description');
  const missing = fields.filter((f) => !page.includes(`| \`${f.path}\``)).map((f) => f.path);
  assert.deepEqual(missing, [], 'schema fields without a row in docs/reference/experiment-format.md');
});

it('every option of every rnn-lab command has help text and a row in the CLI reference', () => {
  const page = reference('cli.md');
  const options = cliOptions(cliProgram());
  assert.ok(
    options.some((o) => o.command === 'train' && o.flags === '--epochs <N>'),
    'train --epochs is not among the options',
  );
  const undocumented = options.filter((o) => !o.option.description.trim()).map((o) => `${o.command} ${o.flags}`);
  assert.deepEqual(undocumented, [], 'options without help text');
  const sections = page.split(/^## /m);
  const missing = options
    .filter((o) => !sections.find((s) => s.startsWith(`\`${o.command}\``))?.includes(`| \`${o.flags}\``))
    .map((o) => `${o.command} ${o.flags}`);
  assert.deepEqual(missing, [], 'options without a row in docs/reference/cli.md');
});

it('the CLI guide names every command and every long option the commands take', () => {
  const guide = readFileSync(path.join(ROOT, 'docs/guide/cli.md'), 'utf8');
  const program = cliProgram();
  const missing = [
    ...program.commands.map((c) => c.name()).filter((name) => !guide.includes(`rnn-lab ${name}`)),
    ...cliOptions(program)
      .map((o) => `${o.command} ${o.option.long ?? o.flags}`)
      .filter((entry) => !guide.includes(entry.split(' ')[1])),
  ];
  assert.deepEqual([...new Set(missing)], [], 'missing from docs/guide/cli.md');
});
