// `rnn-lab report` writes its page to a new file renamed over RUN_DIR/report.html: a link
// planted there (by whoever could write into the run directory) is replaced, and the file it
// pointed to is never written through it.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { runChild, TEST_TIMEOUT_MS } from '../helpers/childProcess';
import { experiment, workspace } from '../helpers/workspace';

const CLI = path.resolve(__dirname, '../../dist/cli.js');

it(
  'replaces a symlink planted at report.html and leaves its target intact',
  { timeout: TEST_TIMEOUT_MS, skip: process.platform === 'win32' ? 'symlinks need privileges' : false },
  async () => {
    const ws = workspace({ 'e.rnn.json': experiment() });
    const trained = await runChild(process.execPath, [CLI, 'train', 'e.rnn.json', '--out', 'runs', '--quiet'], {
      cwd: ws,
    });
    assert.equal(trained.code, 0, trained.stderr);
    const runDir = path.join(ws, 'runs', readdirSync(path.join(ws, 'runs'))[0]);
    const precious = path.join(ws, 'precious.txt');
    writeFileSync(precious, 'not yours\n');
    symlinkSync(precious, path.join(runDir, 'report.html'));

    const r = await runChild(process.execPath, [CLI, 'report', runDir]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(precious, 'utf8'), 'not yours\n', 'the link target is untouched');
    assert.ok(lstatSync(path.join(runDir, 'report.html')).isFile(), 'report.html is a file of its own now');
    assert.match(readFileSync(path.join(runDir, 'report.html'), 'utf8'), /^<!DOCTYPE html>/i);
    assert.deepEqual(
      readdirSync(runDir).filter((f) => f.endsWith('.tmp')),
      [],
    );
  },
);

it(
  '-o a FIFO, a directory or a missing folder: PATH: error, exit 2, at once; -o a file of the run is refused',
  { timeout: TEST_TIMEOUT_MS },
  async () => {
    const ws = workspace({ 'e.rnn.json': experiment() });
    const trained = await runChild(process.execPath, [CLI, 'train', 'e.rnn.json', '--out', 'runs', '--quiet'], {
      cwd: ws,
    });
    assert.equal(trained.code, 0, trained.stderr);
    const runDir = path.join(ws, 'runs', readdirSync(path.join(ws, 'runs'))[0]);
    execFileSync('mkfifo', [path.join(ws, 'pipe.html')]);
    mkdirSync(path.join(ws, 'folder.html'));
    const record = readFileSync(path.join(runDir, 'run.json'), 'utf8');
    for (const [output, why] of [
      ['pipe.html', /named pipe/],
      ['folder.html', /a directory/],
      ['no/such/r.html', /does not exist/],
      [path.join(runDir, 'run.json'), /file of the saved run/],
    ] as const) {
      const r = await runChild(process.execPath, [CLI, 'report', runDir, '-o', output], { cwd: ws });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^[^\n]+: error: cannot write there/);
      assert.match(r.stderr, why);
    }
    assert.equal(readFileSync(path.join(runDir, 'run.json'), 'utf8'), record);
  },
);
