// Hostile or careless input through the real command (dist/cli.js): exit 2 with a positioned
// `FILE:LINE:COL: error:` line (or a usage error), never a hang, a stack trace or a run written
// somewhere unexpected.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runChild, TEST_TIMEOUT_MS, type Finished } from '../helpers/childProcess';
import { experiment, workspace } from '../helpers/workspace';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const spawns = { timeout: TEST_TIMEOUT_MS };

function rnnLab(args: string[], cwd: string): Promise<Finished> {
  return runChild(process.execPath, ['--max-old-space-size=512', CLI, ...args], { cwd, timeoutMs: 20_000 });
}

function assertPositioned(r: Finished, pattern: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^[^\n]+:\d+:\d+: error: /);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

describe('rnn-lab refuses hostile input with exit 2 and a position', () => {
  it("train --out '' is a usage error, not a run in the current directory", spawns, async () => {
    const dir = workspace({ 'x.rnn.json': experiment() });
    const r = await rnnLab(['train', 'x.rnn.json', '--out', ''], dir);
    assert.equal(r.code, 2, r.stderr);
    assert.match(
      r.stderr,
      /^rnn-lab: error: option '--out <DIR>' argument '' is invalid\. expected a path, not an empty string/,
    );
    assert.deepEqual(readdirSync(dir), ['x.rnn.json']);
  });

  it('a FIFO as the CSV: validate and train end at once with exit 2 (they once waited forever)', spawns, async () => {
    const dir = workspace({
      'x.rnn.json': experiment({ data: { csv: 'p.csv', features: ['a'], targets: ['a'], window: 2 } }),
    });
    execFileSync('mkfifo', [path.join(dir, 'p.csv')]);
    for (const command of [
      ['validate', 'x.rnn.json'],
      ['train', 'x.rnn.json', '--out', 'runs'],
    ]) {
      assertPositioned(
        await rnnLab(command, dir),
        /x\.rnn\.json:\d+:\d+: error: expected a regular file, found a named pipe \(FIFO\)/,
      );
    }
  });

  it('units 1e999, deep nesting and a 20,000-unit layer: positioned errors, no stack trace', spawns, async () => {
    const dir = workspace({
      'inf.rnn.json': JSON.stringify(experiment()).replace('"units":4', '"units":1e999'),
      'deep.rnn.json': `{"data": ${'['.repeat(6000)}${']'.repeat(6000)}}`,
      'big.rnn.json': experiment({
        model: {
          layers: [
            { type: 'rnn', units: 20000 },
            { type: 'dense', units: 1 },
          ],
        },
      }),
    });
    assertPositioned(await rnnLab(['validate', 'inf.rnn.json'], dir), /number out of range: 1e999/);
    assertPositioned(await rnnLab(['validate', 'deep.rnn.json'], dir), /nested deeper than 64 levels/);
    assertPositioned(
      await rnnLab(['train', 'big.rnn.json', '--out', 'runs'], dir),
      /the model needs .* GiB \(400,\d{3},\d{3} parameters .*the trainer can hold 2 GiB/,
    );
  });

  it(
    'a 300-character name trains into a shortened run directory and keeps its full name in run.json',
    spawns,
    async () => {
      const name = `${'long-name-'.repeat(30)}end`;
      const dir = workspace({ 'x.rnn.json': experiment({ name }) });
      const r = await rnnLab(['train', 'x.rnn.json', '--out', 'runs', '--quiet'], dir);
      assert.equal(r.code, 0, r.stderr);
      const [run] = readdirSync(path.join(dir, 'runs'));
      assert.match(run, /^(long-name-){9}long-name-\d{8}-\d{6}$/, 'cut to 100 characters');
      assert.equal(JSON.parse(readFileSync(path.join(dir, 'runs', run, 'run.json'), 'utf8')).name, name);
    },
  );
});
