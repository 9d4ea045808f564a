// What the export tests share: whether torch is here, exporting an experiment, training it
// with RNN Lab's own trainer, running exported projects, and comparing two runs.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { train, Trainer, type EpochEvent } from '../../src/core/trainer';
import { loadExperiment, trainerConfig, type LoadedExperiment } from '../../src/experiment/load';
import { exportPyTorchProject } from '../../src/export/pytorchProject';
import { runChild, type Finished } from '../helpers/childProcess';

/** Debian's python3-torch (1.13); RNN_LAB_TEST_PYTHON runs the tests with another (a venv with torch 2.x). */
export const PYTHON = process.env.RNN_LAB_TEST_PYTHON ?? '/usr/bin/python3';
const DRIVER = path.join(__dirname, 'runProjects.py');

/** Why the Python tests cannot run here, or undefined when /usr/bin/python3 imports torch. */
export const noTorch: string | undefined = (() => {
  const r = spawnSync(PYTHON, ['-c', 'import torch'], { timeout: 60_000, encoding: 'utf8' });
  return r.status === 0
    ? undefined
    : `skipped: ${PYTHON} cannot import torch (${(r.error?.message ?? r.stderr.trim().split('\n').pop()) || 'no output'}); CI installs python3-torch`;
})();

/** Runs Python with one thread per torch process (the tests share two cores). */
export function python(args: readonly string[], options: { cwd?: string; timeoutMs: number }): Promise<Finished> {
  return runChild('/usr/bin/env', ['OMP_NUM_THREADS=1', PYTHON, ...args], options);
}

export async function load(file: string, epochs?: number): Promise<LoadedExperiment> {
  const { loaded, diagnostics } = await loadExperiment(file, { epochs });
  assert.ok(loaded, diagnostics.map((d) => d.message).join('\n'));
  return loaded;
}

export function exportProject(loaded: LoadedExperiment, outDir: string, runsDir?: string): string {
  return exportPyTorchProject(loaded, { outDir, toolVersion: 'test', runsDir }).dir;
}

export interface RunResult {
  readonly epochs: Pick<EpochEvent, 'epoch' | 'loss' | 'valLoss'>[];
  readonly weights: Record<string, unknown>;
  readonly status: string;
  /** Why training stopped early ("diverged at epoch 2: …", "stopped early at epoch 3: …"), if it did. */
  readonly message?: string;
}

/** The RNN Lab run of the same experiment: the core trainer's own loop (schedules, early stopping). */
export async function trainWithRnnLab(loaded: LoadedExperiment): Promise<RunResult> {
  const trainer = new Trainer(trainerConfig(loaded));
  const epochs: EpochEvent[] = [];
  let message: string | undefined;
  let status = '';
  for await (const event of train(trainer, {
    yieldToEventLoop: () => new Promise<void>((resolve) => setImmediate(resolve)),
  })) {
    if (event.type === 'epoch') epochs.push(event);
    if (event.type === 'done') ({ message, status } = event);
  }
  const weights = trainer.weights({ name: loaded.experiment.name, seed: loaded.experiment.seed });
  return { epochs, weights, status, ...(message ? { message } : {}) };
}

/** The one run directory in runsDir. */
export function onlyRun(runsDir: string): string {
  const runs = readdirSync(runsDir).filter((n) => !n.startsWith('.'));
  assert.equal(runs.length, 1, `exactly one run in ${runsDir}: ${runs.join(', ')}`);
  return path.join(runsDir, runs[0]);
}

export function readRun(runDir: string): RunResult & { record: Record<string, unknown> } {
  const lines = readFileSync(path.join(runDir, 'metrics.ndjson'), 'utf8').trim().split('\n').filter(Boolean);
  const record = JSON.parse(readFileSync(path.join(runDir, 'run.json'), 'utf8'));
  return {
    epochs: lines.map((l) => JSON.parse(l) as EpochEvent),
    weights: JSON.parse(readFileSync(path.join(runDir, 'weights.json'), 'utf8')),
    record,
    status: record.status,
    ...(record.message ? { message: record.message } : {}),
  };
}

/**
 * Runs each project's train.py as `python train.py --out RUNS --quiet [ARGS]` would, in order, in
 * one Python process (runpy, as __main__), so torch is imported once for all of them. An argument
 * with a * is the first path it matches when that project starts (a checkpoint of an earlier run).
 */
export async function runProjects(
  projects: { dir: string; runsDir: string; args?: string[] }[],
  timeoutMs: number,
  cwd?: string,
  pythonOptions: string[] = [],
): Promise<Finished> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'rnn-lab-projects-')), 'projects.json');
  writeFileSync(file, JSON.stringify(projects.map(({ dir, runsDir, args }) => ({ dir, runsDir, args }))));
  return python([...pythonOptions, DRIVER, '--json', file], { timeoutMs, cwd });
}

/** checkPython.py: ast.parse, literals, run-folder slugs and --help, in one Python process. */
export async function checkPython(
  request: Record<string, unknown>,
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'rnn-lab-check-')), 'request.json');
  writeFileSync(file, JSON.stringify(request));
  const r = await python([path.join(__dirname, 'checkPython.py'), file], { timeoutMs });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** |a − b| ≤ tol · max(|b|, 1): relative for large values, absolute near 0. */
function close(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * Math.max(Math.abs(b), 1);
}

function flatNumbers(value: unknown, at: string, out: [string, number][]): void {
  if (typeof value === 'number') out.push([at, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => flatNumbers(v, `${at}[${i}]`, out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) flatNumbers(v, `${at}.${k}`, out);
}

/** Epoch losses (relative) and final weights agree to `tol`; `what` names the case in failures. */
export function assertSameRun(python: RunResult, rnnLab: RunResult, tol: number, what: string): void {
  // Where a run overflows, rounding decides whether the loss or a gradient is the first non-finite
  // value: the epoch and the weights before the update must agree, the wording may not.
  const stop = (m?: string) => m?.replace(/^(diverged at epoch \d+):.*$/, '$1');
  assert.equal(python.status, rnnLab.status, `${what}: status`);
  assert.equal(stop(python.message), stop(rnnLab.message), `${what}: how training ended`);
  assert.equal(python.epochs.length, rnnLab.epochs.length, `${what}: epochs`);
  python.epochs.forEach((p, i) => {
    const r = rnnLab.epochs[i];
    assert.equal(p.epoch, r.epoch);
    assert.ok(
      Math.abs(p.loss - r.loss) <= tol * Math.abs(r.loss),
      `${what}: epoch ${r.epoch} loss ${p.loss} (PyTorch) vs ${r.loss} (RNN Lab)`,
    );
    const rate = (e: object) => (e as { learningRate?: number }).learningRate;
    if (rate(r) !== undefined) {
      assert.ok(
        Math.abs(rate(p)! - rate(r)!) <= 1e-12 * rate(r)!,
        `${what}: epoch ${r.epoch} learning rate ${rate(p)} vs ${rate(r)}`,
      );
    }
    if (r.valLoss === null) assert.equal(p.valLoss, null, `${what}: no validation loss`);
    else
      assert.ok(
        p.valLoss !== null && Math.abs(p.valLoss - r.valLoss) <= tol * Math.abs(r.valLoss),
        `${what}: epoch ${r.epoch} valLoss ${p.valLoss} vs ${r.valLoss}`,
      );
  });
  const ours: [string, number][] = [];
  const theirs: [string, number][] = [];
  flatNumbers((rnnLab.weights as { layers: unknown }).layers, 'layers', ours);
  flatNumbers((python.weights as { layers: unknown }).layers, 'layers', theirs);
  assert.deepEqual(
    theirs.map(([k]) => k),
    ours.map(([k]) => k),
    `${what}: the same weights, in the same layout`,
  );
  const worst = ours.reduce(
    (w, [k, v], i) => {
      const d = Math.abs(theirs[i][1] - v) / Math.max(Math.abs(v), 1);
      return d > w.d ? { k, d } : w;
    },
    { k: '', d: 0 },
  );
  assert.ok(
    ours.every(([, v], i) => close(theirs[i][1], v, tol)),
    `${what}: final weight ${worst.k} differs by ${worst.d.toExponential(2)}`,
  );
}
