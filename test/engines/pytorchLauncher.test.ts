// The PyTorch launcher without the editor: which Python it runs, the command it builds, how
// Stop ends the process group, and what a user is told when Python, torch or CUDA is missing.

import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { trainCommand } from '../../src/engines/pytorch/commandLine';
import { deviceProblem, noInterpreter, scriptFailed } from '../../src/engines/pytorch/failures';
import { interpreterCandidates, resolveInterpreter } from '../../src/engines/pytorch/interpreter';
import { PyTorchLaunch, type LaunchOutcome } from '../../src/engines/pytorch/launch';
import { settleRun } from '../../src/engines/pytorch/launchedRun';
import { chooseDevice, probeTorch, type TorchInfo } from '../../src/engines/pytorch/probe';
import { TrainingProcess } from '../../src/engines/pytorch/trainingProcess';
import { writeRunDir } from '../helpers/runDir';
import { experiment, workspace } from '../helpers/workspace';
import { load, noTorch, PYTHON, trainWithRnnLab } from '../export/exportFixtures';

/** An executable file at `dir/name` (a script standing for an interpreter). */
function executable(dir: string, name: string, text = '#!/bin/sh\nexit 0\n'): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  chmodSync(file, 0o755);
  return file;
}

describe('which Python', () => {
  it('tries the Python extension’s interpreter, then rnnLab.python, then python3 and python on PATH', () => {
    assert.deepEqual(interpreterCandidates('/venv/bin/python', '/opt/py/bin/python3', 'linux'), [
      { source: 'python-extension', command: '/venv/bin/python' },
      { source: 'setting', command: '/opt/py/bin/python3' },
      { source: 'path', command: 'python3' },
      { source: 'path', command: 'python' },
    ]);
    assert.deepEqual(
      interpreterCandidates(undefined, '  ', 'linux').map((c) => c.command),
      ['python3', 'python'],
      'no selection and an empty setting: PATH only',
    );
  });

  it('takes the first candidate that is an executable file, skipping a stale selection', () => {
    const dir = workspace({});
    const setting = executable(dir, 'opt/python3');
    const onPath = executable(dir, 'bin/python3');
    writeFileSync(path.join(dir, 'bin/python'), 'not executable');
    const env = { PATH: path.join(dir, 'bin'), platform: 'linux' as const };
    const gone = path.join(dir, 'deleted-venv/bin/python');
    assert.deepEqual(resolveInterpreter(interpreterCandidates(gone, setting, 'linux'), env), {
      found: { source: 'setting', path: setting },
    });
    assert.deepEqual(resolveInterpreter(interpreterCandidates(undefined, undefined, 'linux'), env), {
      found: { source: 'path', path: onPath },
    });
    const selected = executable(dir, 'venv/bin/python');
    assert.deepEqual(resolveInterpreter(interpreterCandidates(selected, setting, 'linux'), env), {
      found: { source: 'python-extension', path: selected },
    });
  });

  it('says which interpreters it tried and how to set one when none exists', () => {
    const candidates = interpreterCandidates(undefined, '/nowhere/python3', 'linux');
    const r = resolveInterpreter(candidates, { PATH: workspace({}), platform: 'linux' });
    assert.ok('tried' in r);
    const message = noInterpreter(r.tried);
    assert.match(message, /\/nowhere\/python3 \(setting rnnLab\.python\), python3 on PATH, python on PATH/);
    assert.match(message, /Python: Select Interpreter/);
  });
});

describe('the command line', () => {
  it('runs train.py unbuffered in one process, and torchrun (the same interpreter’s) for several', () => {
    const input = { python: '/usr/bin/python3', script: '/p/train.py', runsDir: '/w/.rnn/runs', device: 'cpu' };
    assert.deepEqual(trainCommand({ ...input, processes: 1 }).args, [
      '-u',
      '/p/train.py',
      '--out',
      '/w/.rnn/runs',
      '--device',
      'cpu',
    ]);
    const ddp = trainCommand({ ...input, processes: 2 });
    assert.equal(ddp.command, '/usr/bin/python3');
    assert.deepEqual(ddp.args.slice(0, 10), [
      '-u',
      '-m',
      'torch.distributed.run',
      '--standalone',
      '--nproc_per_node',
      '2',
      '--redirects',
      '2',
      '--tee',
      '2',
    ]);
    assert.deepEqual(ddp.args.slice(10), ['/p/train.py', '--out', '/w/.rnn/runs', '--device', 'cpu']);
    assert.equal(ddp.env.PYTHONUNBUFFERED, '1', 'every rank prints its lines as they come');
    assert.throws(() => trainCommand({ ...input, processes: 0 }), /between 1 and 64/);
  });
});

describe('the device', () => {
  const info: TorchInfo = { python: '3.11', torch: '2.3.0', cuda: false, cudaBuild: false, mps: true };
  it('auto is cuda, then mps (float32 only: MPS has no float64), then cpu; an explicit one is kept', () => {
    assert.equal(chooseDevice('auto', { ...info, cuda: true }, 'float64'), 'cuda');
    assert.equal(chooseDevice('auto', info, 'float32'), 'mps');
    assert.equal(chooseDevice('auto', info, 'float64'), 'cpu');
    assert.equal(chooseDevice('auto', { ...info, mps: false }, 'float32'), 'cpu');
    assert.equal(chooseDevice('cuda:1', info, 'float32'), 'cuda:1');
  });
  it('asking for CUDA that torch does not have says so, and how to fix it', () => {
    const problem = deviceProblem('cuda', '/usr/bin/python3', info)!;
    assert.match(problem, /CPU-only build/);
    assert.match(problem, /"auto" or "cpu"/);
    assert.match(problem, /\/usr\/bin\/python3 -m pip install torch --index-url/);
    assert.equal(deviceProblem('cpu', '/usr/bin/python3', info), undefined);
  });
  it('reads a script’s failure: a missing module, no CUDA, or its last line', () => {
    const exit = { code: 1, signal: null };
    assert.match(
      scriptFailed('/py', exit, ['Traceback …', "ModuleNotFoundError: No module named 'numpy'"]),
      /needs the Python module "numpy".*\/py -m pip install numpy/,
    );
    assert.match(
      scriptFailed('/py', exit, ['AssertionError: Torch not compiled with CUDA enabled']),
      /CUDA is not available to torch in \/py/,
    );
    assert.equal(scriptFailed('/py', exit, ['ValueError: bad']), 'train.py exited with code 1: ValueError: bad');
  });
});

describe('Stop', () => {
  it('sends SIGINT to the whole process group, as Ctrl-C does', { timeout: 20_000 }, async () => {
    // A launcher with a child, like torchrun with its ranks: both must see the SIGINT.
    const dir = workspace({});
    const marks = path.join(dir, 'marks');
    const rank = (name: string) =>
      `process.on('SIGINT', () => { require('fs').appendFileSync(${JSON.stringify(marks)}, '${name}\\n'); process.exit(130); }); console.log('ready'); setInterval(() => {}, 1000);`;
    const launcher = `require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(rank('child'))}], { stdio: 'inherit' }); ${rank('parent')}`;
    const lines: string[] = [];
    const proc = new TrainingProcess(
      { command: process.execPath, args: ['-e', launcher], env: {} },
      { cwd: dir },
      (l) => lines.push(l),
    );
    while (lines.filter((l) => l === 'ready').length < 2) await new Promise((r) => setTimeout(r, 20));
    proc.stop();
    const exit = await proc.exited;
    assert.equal(exit.code, 130);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(readFileSync(marks, 'utf8').trim().split('\n').sort(), ['child', 'parent']);
  });

  it('kills it after the grace period when it ignores SIGINT', { timeout: 20_000 }, async () => {
    const lines: string[] = [];
    const proc = new TrainingProcess(
      { command: '/bin/sh', args: ['-c', "trap '' INT; echo ready; while :; do sleep 0.05; done"], env: {} },
      { cwd: workspace({}), graceMs: 300 },
      (l) => lines.push(l),
    );
    while (!lines.includes('ready')) await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    proc.stop();
    const exit = await proc.exited;
    assert.equal(exit.signal, 'SIGKILL');
    assert.ok(Date.now() - started >= 250, 'not before the grace period');
    assert.equal(proc.stopping, true);
  });
});

/** A directory where `import torch` fails as it does without torch installed. */
function withoutTorch(): string {
  const dir = workspace({});
  executable(dir, 'torch/__init__.py', 'raise ModuleNotFoundError("No module named \'torch\'", name="torch")\n');
  return dir;
}

const SMALL = experiment({
  name: 'small',
  data: { generator: 'sine', samples: 16, steps: 5 },
  training: { epochs: 3, batchSize: 8, loss: 'mse', optimizer: { type: 'adam', learningRate: 0.01 } },
});

async function launch(root: string, overrides: Partial<ConstructorParameters<typeof PyTorchLaunch>[0]> = {}) {
  const loaded = await load(path.join(root, 'small.rnn.json'));
  const lines: string[] = [];
  const started: string[] = [];
  const l = new PyTorchLaunch(
    {
      loaded,
      target: loaded.file,
      runsDir: path.join(root, '.rnn/runs'),
      toolVersion: 'test',
      candidates: [{ source: 'setting', command: PYTHON }],
      device: 'auto',
      processes: 1,
      env: { ...process.env, OMP_NUM_THREADS: '1' },
      ...overrides,
    },
    { line: (t) => lines.push(t), runStarted: (d) => started.push(d) },
  );
  return { launch: l, lines, started };
}

const runJson = (o: LaunchOutcome) => JSON.parse(readFileSync(path.join(o.runDir!, 'run.json'), 'utf8'));

describe('failures a user can act on', () => {
  it('a Python without torch: the message says so with the install command, and the run is kept as failed', async () => {
    const root = workspace({ 'small.rnn.json': SMALL });
    const { launch: l } = await launch(root, { env: { ...process.env, PYTHONPATH: withoutTorch() } });
    const outcome = await l.finished;
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.problem!, /PyTorch is not installed for \/usr\/bin\/python3/);
    assert.match(outcome.problem!, /\/usr\/bin\/python3 -m pip install torch/);
    const record = runJson(outcome);
    assert.equal(record.status, 'failed');
    assert.equal(record.host, 'pytorch');
    assert.equal(record.message, outcome.problem);
    assert.equal(record.source, path.join(root, 'small.rnn.json'));
  });

  it('no interpreter at all: names what it tried', async () => {
    const root = workspace({ 'small.rnn.json': SMALL });
    const { launch: l } = await launch(root, {
      candidates: [{ source: 'setting', command: '/nowhere/python3' }],
      env: { PATH: root },
    });
    const outcome = await l.finished;
    assert.equal(outcome.status, 'failed');
    assert.match(
      outcome.problem!,
      /No Python interpreter found \(tried \/nowhere\/python3 \(setting rnnLab\.python\)\)/,
    );
    assert.equal(runJson(outcome).status, 'failed');
  });

  it('a script error: the run is failed with the script’s last lines', { skip: noTorch, timeout: 60_000 }, async () => {
    const root = workspace({ 'small.rnn.json': SMALL });
    // torch imports, but the training step breaks: a sitecustomize that sabotages torch.optim.
    const site = workspace({
      'sitecustomize.py':
        'import torch\ndef broken(*a, **k):\n    raise RuntimeError("sabotaged step")\ntorch.optim.Adam.step = broken\n',
    });
    const { launch: l, started } = await launch(root, {
      env: { ...process.env, PYTHONPATH: site, OMP_NUM_THREADS: '1' },
    });
    const outcome = await l.finished;
    assert.equal(outcome.status, 'failed');
    assert.equal(started.length, 1, 'the run appeared while it ran');
    const record = runJson(outcome);
    assert.equal(record.status, 'failed');
    assert.match(record.message, /sabotaged step/);
    assert.match(record.message, /Last lines of train\.py:\n/);
  });

  it(
    'rnnLab.pytorch.device cuda where torch has no CUDA: says so and how to fix it, before anything runs',
    { skip: noTorch, timeout: 60_000 },
    async () => {
      const root = workspace({ 'small.rnn.json': SMALL });
      const probes = new Map<string, TorchInfo>();
      const { launch: l, started } = await launch(root, { device: 'cuda', probes });
      const outcome = await l.finished;
      const info = probes.get(PYTHON)!;
      if (info.cuda) return; // a machine with a GPU: nothing to tell
      assert.equal(outcome.status, 'failed');
      assert.match(outcome.problem!, /rnnLab\.pytorch\.device is "cuda", but torch/);
      assert.match(outcome.problem!, /"auto" or "cpu"/);
      assert.deepEqual(started, [], 'train.py never ran');
      assert.equal(runJson(outcome).device, 'cuda');
    },
  );

  it('probes an interpreter’s torch: version, CUDA, MPS', { skip: noTorch, timeout: 60_000 }, async () => {
    const probed = await probeTorch(PYTHON);
    assert.ok('info' in probed);
    assert.match(probed.info.torch ?? '', /^\d+\.\d+/);
    assert.equal(typeof probed.info.cuda, 'boolean');
  });
});

describe('a training on PyTorch', () => {
  it(
    'completes a run labelled pytorch, announced while it runs, with RNN Lab’s final loss (float64: 1e-9)',
    { skip: noTorch, timeout: 90_000 },
    async () => {
      const root = workspace({ 'small.rnn.json': SMALL });
      const { launch: l, started, lines } = await launch(root);
      const outcome = await l.finished;
      assert.equal(outcome.status, 'completed', lines.join('\n'));
      assert.deepEqual(started, [outcome.runDir], 'the run was announced once, before it ended');
      const record = runJson(outcome);
      assert.equal(record.host, 'pytorch');
      assert.equal(record.worldSize, 1);
      assert.equal(record.device, 'cpu', 'auto is the CPU without CUDA or MPS');
      assert.ok(
        lines.some((t) => /^epoch 3\/3 loss /.test(t)),
        'the script’s lines reach the output',
      );
      const rnnLab = await trainWithRnnLab(await load(path.join(root, 'small.rnn.json')));
      const expected = rnnLab.epochs.at(-1)!.loss;
      assert.ok(
        Math.abs(record.finalLoss - expected) <= 1e-9 * Math.abs(expected),
        `${record.finalLoss} vs ${expected}`,
      );
    },
  );

  it(
    'Stop ends it as cancelled (SIGINT: train.py saves the run as on Ctrl-C)',
    { skip: noTorch, timeout: 90_000 },
    async () => {
      const root = workspace({
        'small.rnn.json': { ...SMALL, training: { ...(SMALL.training as object), epochs: 100_000 } },
      });
      const { launch: l, started } = await launch(root);
      while (started.length === 0) await new Promise((r) => setTimeout(r, 50));
      const metrics = path.join(started[0], 'metrics.ndjson');
      while (readFileSync(metrics, 'utf8').split('\n').length < 3) await new Promise((r) => setTimeout(r, 50));
      l.stop();
      const outcome = await l.finished;
      assert.equal(outcome.status, 'cancelled');
      const record = runJson(outcome);
      assert.equal(record.status, 'cancelled');
      assert.ok(record.epochsCompleted >= 2);
    },
  );
});

describe('a run left behind', () => {
  const running = { status: 'running', endedAt: null, epochsCompleted: 4, host: 'pytorch' };
  it('a run still "running" after train.py died is failed with its last lines; after Stop, cancelled', async () => {
    const crashed = writeRunDir({ experiment: experiment(), record: running });
    const r = await settleRun(crashed, {
      stopped: false,
      failure: 'train.py was ended by SIGKILL',
      lastLines: ['epoch 4/9 loss 0.1 (3 ms)'],
    });
    assert.equal(r.status, 'failed');
    assert.equal(r.message, 'train.py was ended by SIGKILL\n\nLast lines of train.py:\nepoch 4/9 loss 0.1 (3 ms)');
    assert.ok(r.endedAt);
    const stopped = writeRunDir({ experiment: experiment(), record: running });
    const c = await settleRun(stopped, { stopped: true, lastLines: [], rerunOf: '/runs/first' });
    assert.equal(c.status, 'cancelled');
    assert.equal(c.message, 'cancelled during epoch 5 (stopped from the editor)');
    assert.equal(c.rerunOf, '/runs/first', 'a re-run says which run it repeated');
    const done = writeRunDir({ experiment: experiment(), record: { host: 'pytorch' } });
    assert.equal(
      (await settleRun(done, { stopped: false, lastLines: ['x'] })).status,
      'completed',
      'a finished run is left as it is',
    );
  });

  it('a failed launch of a re-run is filed with rerunOf', async () => {
    const root = workspace({ 'small.rnn.json': SMALL });
    const { launch: l } = await launch(root, {
      candidates: [{ source: 'setting', command: '/nowhere/python3' }],
      env: { PATH: root },
      rerunOf: '/runs/small-1',
    });
    assert.equal(runJson(await l.finished).rerunOf, '/runs/small-1');
  });
});
