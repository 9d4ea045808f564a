// slurm.sbatch on a real Slurm: a one-node cluster of Debian's slurm-wlm started here (slurmctld
// and slurmd on localhost, configured in a temporary folder, auth/none so no munge key is
// needed), the exported project submitted with `sbatch --wait` as 2 CPU processes: the run
// equals the single-process one (RNN Lab's, to 1e-9), written once by rank 0. Skips, saying
// why, where the daemons are not installed or do not come up.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { shQuote } from '../../src/export/shell';
import { runChild, startChild, type Finished, type Started } from '../helpers/childProcess';
import { experiment, workspace } from '../helpers/workspace';
import {
  assertSameRun,
  exportProject,
  load,
  noTorch,
  PYTHON,
  readRun,
  trainWithRnnLab,
  type RunResult,
} from './exportFixtures';

const DAEMONS = ['/usr/sbin/slurmctld', '/usr/sbin/slurmd', '/usr/bin/sbatch', '/usr/bin/sinfo'];
const noSlurm =
  noTorch ??
  (DAEMONS.every(existsSync) ? undefined : `skipped: Debian's slurm-wlm is not installed (${DAEMONS.join(', ')})`);

/** 17 training samples in batches of 4 (the last one 1, fewer samples than processes): 2 ranks. */
const EXPERIMENT = experiment({
  name: 'on slurm',
  seed: 11,
  data: { generator: 'sine', samples: 21, steps: 4, validationSplit: 0.2 },
  model: {
    layers: [
      { type: 'lstm', units: 4 },
      { type: 'dense', units: 1 },
    ],
  },
  training: { epochs: 3, batchSize: 4, loss: 'mse', optimizer: { type: 'adam', learningRate: 0.01 } },
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A one-node cluster's slurm.conf: this machine's hostname as the node, so the job's first node resolves. */
function slurmConf(dir: string, ports: number[]): string {
  const node = hostname();
  return [
    'ClusterName=rnnlabtest',
    `SlurmctldHost=${node}(127.0.0.1)`,
    `SlurmctldPort=${ports[0]}`,
    `SlurmdPort=${ports[1]}`,
    'AuthType=auth/none',
    'CredType=cred/none',
    'SlurmUser=root',
    'SlurmdUser=root',
    `StateSaveLocation=${dir}/state`,
    `SlurmdSpoolDir=${dir}/spool`,
    `SlurmctldPidFile=${dir}/slurmctld.pid`,
    `SlurmdPidFile=${dir}/slurmd.pid`,
    `SlurmctldLogFile=${dir}/slurmctld.log`,
    `SlurmdLogFile=${dir}/slurmd.log`,
    'ProctrackType=proctrack/linuxproc',
    'TaskPlugin=task/none',
    'JobAcctGatherType=jobacct_gather/none',
    'AccountingStorageType=accounting_storage/none',
    'SwitchType=switch/none',
    'MpiDefault=none',
    'SelectType=select/cons_tres',
    'SelectTypeParameters=CR_Core',
    'ReturnToService=2',
    `NodeName=${node} NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN`,
    `PartitionName=test Nodes=${node} Default=YES MaxTime=INFINITE State=UP`,
    '',
  ].join('\n');
}

describe('sbatch slurm.sbatch on a one-node Slurm, 2 processes on the CPU', { skip: noSlurm }, () => {
  const root = workspace({ 'slurm.rnn.json': EXPERIMENT });
  const cluster = path.join(root, 'cluster');
  const runs = path.join(root, 'runs');
  const env = { ...process.env, SLURM_CONF: path.join(cluster, 'slurm.conf') };
  const daemons: Started[] = [];
  let skip: string | undefined;
  let rnnLab: RunResult;
  let job: Finished;
  let output = '';
  let jobName: string | undefined;
  before(
    async () => {
      if (process.getuid?.() !== 0) {
        skip = 'skipped: slurmd needs root here (it runs the job as its user)';
        return;
      }
      for (const d of ['state', 'spool']) mkdirSync(path.join(cluster, d), { recursive: true });
      writeFileSync(env.SLURM_CONF, slurmConf(cluster, [await freePort(), await freePort()]));
      const daemon = (file: string, args: string[]) =>
        startChild('/usr/bin/env', [`SLURM_CONF=${env.SLURM_CONF}`, file, '-D', '-f', env.SLURM_CONF, ...args], {
          timeoutMs: 170_000,
        });
      daemons.push(daemon('/usr/sbin/slurmctld', []), daemon('/usr/sbin/slurmd', ['-N', hostname()]));
      for (const d of daemons) d.finished.catch(() => undefined); // killed in after()
      const started = Date.now();
      for (;;) {
        const sinfo = spawnSync('/usr/bin/sinfo', ['-h', '-o', '%t'], { env, encoding: 'utf8', timeout: 10_000 });
        if (sinfo.status === 0 && /^idle/m.test(sinfo.stdout)) break;
        if (Date.now() - started > 30_000) {
          skip = `skipped: the one-node Slurm did not come up in 30 s (sinfo: ${(sinfo.stdout + sinfo.stderr).trim() || 'nothing'}; see ${cluster}/*.log)`;
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      const loaded = await load(path.join(root, 'slurm.rnn.json'));
      rnnLab = await trainWithRnnLab(loaded);
      const project = exportProject(loaded, path.join(root, 'project'));
      const out = path.join(root, 'job.out');
      job = await runChild(
        '/usr/bin/env',
        [
          `SLURM_CONF=${env.SLURM_CONF}`,
          '/usr/bin/sbatch',
          '--wait',
          `--output=${out}`,
          `--export=ALL,PYTHON=${PYTHON},DEVICE=cpu,PROCESSES_PER_NODE=2,OMP_NUM_THREADS=1,PORT=${await freePort()}`,
          'slurm.sbatch',
          '--out',
          runs,
          '--quiet',
        ],
        { cwd: project, timeoutMs: 150_000 },
      );
      output = `${job.stdout}\n${job.stderr}\n${existsSync(out) ? readFileSync(out, 'utf8') : '(no job output)'}`;
      const id = /Submitted batch job (\d+)/.exec(job.stdout)?.[1] ?? '';
      jobName = /JobName=(\S+)/.exec(
        spawnSync('/usr/bin/scontrol', ['show', 'job', id], { env, encoding: 'utf8', timeout: 10_000 }).stdout,
      )?.[1];
    },
    { timeout: 200_000 },
  );
  after(() => {
    for (const d of daemons) d.child.kill('SIGTERM');
  });

  it('runs the job to completion', (t) => {
    if (skip) return t.skip(skip);
    assert.equal(job.code, 0, output);
  });

  it("writes one run, by rank 0, equal to the single-process run (RNN Lab's, 1e-9)", (t) => {
    if (skip) return t.skip(skip);
    const names = readdirSync(runs);
    assert.equal(names.length, 1, `one run directory, no other rank's: ${names.join(', ')}\n${output}`);
    const run = readRun(path.join(runs, names[0]));
    assertSameRun(run, rnnLab, 1e-9, 'slurm, 2 processes');
    assert.equal(run.record.worldSize, 2);
  });

  it('names the job after the experiment, a word shQuote wrote that sbatch reads back', (t) => {
    assert.equal(shQuote(`it's "x" $(y)`), `'it'\\''s "x" $(y)'`);
    if (skip) return t.skip(skip);
    assert.equal(jobName, 'rnn-lab-on-slurm');
  });
});
