// predict, inspect and sample refuse what they must, as the trainer does (docs/reference/limits.md): a
// FIFO, a device, a directory or a missing folder given as an input or an output is
// `PATH: error: …` and exit 2 at once, never opened; an output never replaces a saved run's file
// and is written whole; inputs are bounded before they are read whole; keys written twice and
// numbers out of range are refused.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { TEST_TIMEOUT_MS, type Finished } from '../helpers/childProcess';
import { rnnLab, trainedRuns, type Runs } from './analysisFixtures';

const spawns = { timeout: TEST_TIMEOUT_MS };

/** Exit 2 with one line `PATH: error: …` (PATH as given, or relative to the working folder). */
function refused(r: Finished, file: string, pattern: RegExp, cwd = process.cwd()): void {
  assert.equal(r.code, 2, `exit 2: ${r.stderr}`);
  const line = r.stderr.trim();
  assert.equal(line.split('\n').length, 1, `one line: ${line}`);
  const named = /^(.+?)(?::\d+:\d+)?: error: /.exec(line)?.[1];
  assert.equal(path.resolve(cwd, named ?? ''), path.resolve(cwd, file), `PATH: error: … for ${file}: ${line}`);
  assert.match(line, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

describe('paths given to predict, inspect and sample', () => {
  let runs: Runs;
  let dir: string;
  before(async () => {
    runs = await trainedRuns();
    dir = runs.dir;
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    mkdirSync(path.join(dir, 'folder'));
  });

  it('a FIFO, /dev/zero or a directory as --input: exit 2 at once, naming the path', spawns, async () => {
    for (const [input, kind] of [
      ['pipe', /named pipe \(FIFO\)/],
      ['/dev/zero', /character device/],
      ['folder', /a directory/],
      ['missing.txt', /file not found/],
    ] as const) {
      for (const command of ['predict', 'inspect']) {
        const r = await rnnLab([command, runs.chars, '--input', input], dir);
        refused(r, input, kind, dir);
      }
    }
  });

  it(
    'a FIFO, a directory, a device or a missing folder as -o: exit 2, nothing computed or written',
    spawns,
    async () => {
      for (const [output, kind] of [
        ['pipe', /named pipe \(FIFO\)/],
        ['folder', /a directory/],
        ['/dev/null', /character device/],
        ['nowhere/out.txt', /folder .*nowhere does not exist/],
      ] as const) {
        for (const command of ['predict', 'inspect', 'sample']) {
          const r = await rnnLab([command, runs.chars, '-o', output], dir);
          refused(r, output, kind, dir);
        }
      }
      assert.deepEqual(readdirSync(path.join(dir, 'folder')), []);
    },
  );

  it('-o never replaces a file of a saved run (its weights, its record)', spawns, async () => {
    const weights = path.join(runs.chars, 'weights.json');
    const before = readFileSync(weights, 'utf8');
    for (const name of ['weights.json', 'run.json', 'experiment.json', 'metrics.ndjson', 'checkpoints/epoch-1.json']) {
      const output = path.join(runs.chars, name);
      const r = await rnnLab(['sample', runs.chars, '-o', output], dir);
      refused(r, output, /file of the saved run/, dir);
    }
    assert.equal(readFileSync(weights, 'utf8'), before);
    const ok = await rnnLab(['sample', runs.chars, '--length', '5', '-o', path.join(runs.chars, 'sample.txt')], dir);
    assert.equal(ok.code, 0, ok.stderr);
  });

  it(
    'a RUN_DIR that is a FIFO, or whose run.json or weights.json is one, is refused without blocking',
    spawns,
    async () => {
      refused(await rnnLab(['predict', 'pipe'], dir), 'pipe', /expected a run directory, found a named pipe/, dir);
      const fake = path.join(dir, 'fake-run');
      mkdirSync(fake);
      execFileSync('mkfifo', [path.join(fake, 'run.json')]);
      const r = await rnnLab(['predict', fake], dir);
      refused(r, fake, /run\.json cannot be read .*named pipe/, dir);
    },
  );
});

describe('inputs are bounded and unambiguous', () => {
  let runs: Runs;
  before(async () => {
    runs = await trainedRuns();
  });

  it('a 1 MB --input text is refused from its size, before it is encoded (it once took 1.5 GB)', spawns, async () => {
    writeFileSync(path.join(runs.dir, 'big.txt'), 'the cat sat on the mat. '.repeat(44_000));
    const r = await rnnLab(['predict', runs.chars, '--input', 'big.txt'], runs.dir);
    refused(r, 'big.txt', /makes 131,999 sequences of 8 steps .* at most 64 MiB/, runs.dir);
    const small = await rnnLab(['predict', runs.chars, '--input', 'text.txt', '--json'], runs.dir);
    assert.equal(small.code, 0, small.stderr);
  });

  it('duplicate keys in a JSON --input are an error at the second key, not "the last one wins"', spawns, async () => {
    const x = JSON.stringify([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    writeFileSync(path.join(runs.dir, 'dup.json'), `{"x": ${x},\n "x": ${x}}`);
    const r = await rnnLab(['predict', runs.regression, '--input', 'dup.json'], runs.dir);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /dup\.json:2:2: error: duplicate key "x"/);
    writeFileSync(path.join(runs.dir, 'one.json'), `{"x": ${x}, "y": [[0.5]]}`);
    const ok = await rnnLab(['predict', runs.regression, '--input', 'one.json', '--json'], runs.dir);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout.trim().split('\n').pop()!).samples, 1);
    writeFileSync(path.join(runs.dir, 'wrong.json'), `{"x": [[1, 2, 3]]}`);
    const wrong = await rnnLab(['predict', runs.regression, '--input', 'wrong.json'], runs.dir);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /wrong\.json:1:7: error: "x" is \(1, 3\): expected .* \(B, 3, 2\)/);
  });

  it('numbers out of range are usage errors, never wrapped or rounded', spawns, async () => {
    for (const args of [
      ['--seed', '4294967296'],
      ['--seed', '9007199254740993'],
      ['--seed', '1e30'],
      ['--seed', '-1'],
      ['--length', '100001'],
      ['--length', '1e30'],
      ['--temperature', '1e30'],
      ['--temperature', '1e-9'],
      ['--epoch', '9007199254740993'],
    ]) {
      const r = await rnnLab(['sample', runs.chars, ...args], runs.dir);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^rnn-lab: error: option .* is invalid\. expected /, args.join(' '));
    }
    const top = await rnnLab(['sample', runs.chars, '--seed', '4294967295', '--length', '3', '--json'], runs.dir);
    assert.equal(top.code, 0, top.stderr);
    assert.equal(JSON.parse(top.stdout).seed, 4294967295);
    for (const args of [
      ['train', 'reg.rnn.json', '--epochs', '9007199254740993'],
      ['train', 'reg.rnn.json', '--threads', '257'],
      ['sweep', 'reg.rnn.json', '--parallel', '1e30'],
      ['inspect', runs.chars, '--sample', '1e30'],
    ]) {
      const r = await rnnLab(args, runs.dir);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^rnn-lab: error: option .* is invalid\. expected a whole number from/);
    }
  });

  it('sample --prime and inspect --text longer than 10,000 characters are refused', spawns, async () => {
    const long = 'the cat '.repeat(1300);
    refused(await rnnLab(['sample', runs.chars, '--prime', long], runs.dir), runs.chars, /at most 10000/, runs.dir);
    refused(await rnnLab(['inspect', runs.chars, '--text', long], runs.dir), runs.chars, /at most 10000/, runs.dir);
  });
});
