// What every fuzz case must come to, in process and through the real command:
// - in process: the loader returns an experiment or diagnostics, never throws; every diagnostic
//   is positioned (line, column ≥ 1), one line, of bounded length; an experiment that checks
//   still checks when written out resolved (as a run's experiment.json, which `rerun` reads);
// - `rnn-lab validate` / `train --epochs 1`: exit 0, 1 (diverged only) or 2, no stack trace,
//   every exit-2 line `FILE:LINE:COL: error: …`, no hang (killed after a timeout), RSS under a cap
//   (polled from /proc), and every run directory left parseable (run.json, metrics, experiment.json).

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DatasetShape } from '../../src/data/spec';
import { formatDiagnostic, MAX_MESSAGE_LENGTH, type Diagnostic } from '../../src/diagnostics/diagnostic';
import { checkExperiment, type CheckedExperiment } from '../../src/experiment/load';
import { readMetrics } from '../../src/runs/metricsFile';
import { readRunEntry } from '../../src/runs/runStore';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
export const CASE_TIMEOUT_MS = 20_000;
export const CLI_TIMEOUT_MS = 60_000;
/** Peak RSS a child may reach: validate builds nothing, train --epochs 1 trains only small cases. */
export const CHILD_RSS_CAP = 1024 * 1024 * 1024;
const HEAP_CAP = '--max-old-space-size=512';
const STACK_TRACE = /^\s+at .+(:\d+:\d+\)?|\(native\)|\(<anonymous>\))$/m;
const POSITIONED = /^.+:\d+:\d+: error: \S/;

export interface InProcess {
  readonly checked?: CheckedExperiment;
  readonly failures: string[];
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer after ${ms} ms (hang)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** What is wrong with a list of diagnostics (nothing, for well-formed ones). */
export function diagnosticProblems(diagnostics: readonly Diagnostic[]): string[] {
  if (diagnostics.length === 0) return ['no experiment and no diagnostic'];
  const problems: string[] = [];
  for (const d of diagnostics) {
    const line = formatDiagnostic(d);
    const shown = line.slice(0, 300);
    if (!(Number.isInteger(d.line) && d.line >= 1 && Number.isInteger(d.column) && d.column >= 1))
      problems.push(`unpositioned: ${shown}`);
    if (!d.message || d.message.length > MAX_MESSAGE_LENGTH + 1)
      problems.push(`empty or unbounded message (${d.message.length} characters): ${shown}`);
    if (/[\r\n]/.test(line)) problems.push(`message of several lines: ${JSON.stringify(shown)}`);
    if (!path.isAbsolute(d.file)) problems.push(`relative file name: ${shown}`);
  }
  return problems;
}

const sampleBytes = (s: DatasetShape) =>
  8 * s.count * s.steps * (s.inputSize + (s.sequenceTargets ? s.outputSize : 0)) + 8 * s.count * s.outputSize;

/** Paths whose content changes between two reads (the same experiment can check differently). */
function unstable(e: CheckedExperiment): boolean {
  const data = e.experiment.data as { csv?: string; text?: string };
  return /^\/(proc|dev)\//.test(data.csv ?? data.text ?? '');
}

export async function checkInProcess(dir: string, experimentFile: string): Promise<InProcess> {
  const file = path.join(dir, experimentFile);
  try {
    const { checked, diagnostics } = await withTimeout(checkExperiment(file), CASE_TIMEOUT_MS, 'checkExperiment');
    if (!checked) return { failures: diagnosticProblems(diagnostics) };
    if (sampleBytes(checked.shape) <= 64 * 1024 * 1024) checked.buildDataset();
    // written out resolved, as a run's experiment.json: it must check again (rerun reads it)
    const resolved = path.join(dir, 'resolved.rnn.json');
    writeFileSync(resolved, JSON.stringify(checked.experiment, null, 2));
    const again = await withTimeout(checkExperiment(resolved), CASE_TIMEOUT_MS, 'checkExperiment(resolved)');
    const failures =
      again.checked || unstable(checked)
        ? []
        : [
            `its resolved experiment does not check: ${again.diagnostics
              .map((d) => formatDiagnostic(d))
              .join(' | ')
              .slice(0, 500)}`,
          ];
    return { checked, failures };
  } catch (err) {
    return { failures: [`threw: ${((err as Error).stack ?? String(err)).slice(0, 1500)}`] };
  }
}

interface ChildResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly peakRss: number;
  readonly killedFor?: 'timeout' | 'rss';
}

/** Peak RSS so far of a live process, from /proc (0 where there is none). */
function peakRssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status) ?? /VmRSS:\s+(\d+) kB/.exec(status);
    return kb ? Number(kb[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** dist/cli.js with a heap cap, a kill timer and an RSS watchdog. */
export function rnnLab(args: readonly string[], cwd: string, timeoutMs = CLI_TIMEOUT_MS): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HEAP_CAP, CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakRss = 0;
    let killedFor: ChildResult['killedFor'];
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      if (stdout.length < 1 << 20) stdout += s;
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      if (stderr.length < 1 << 20) stderr += s;
    });
    const kill = (why: 'timeout' | 'rss') => {
      killedFor ??= why;
      child.kill('SIGKILL');
    };
    const watchdog = setInterval(() => {
      if (child.pid === undefined) return;
      peakRss = Math.max(peakRss, peakRssOf(child.pid));
      if (peakRss > CHILD_RSS_CAP) kill('rss');
    }, 50);
    const timer = setTimeout(() => kill('timeout'), timeoutMs);
    child.once('error', (err) => {
      clearInterval(watchdog);
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearInterval(watchdog);
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, peakRss, ...(killedFor ? { killedFor } : {}) });
    });
  });
}

function outcomeProblems(what: string, r: ChildResult, allowed: readonly number[]): string[] {
  const tail = r.stderr.slice(-600);
  if (r.killedFor === 'timeout') return [`${what}: no exit after ${CLI_TIMEOUT_MS} ms (hang); stderr: ${tail}`];
  if (r.killedFor === 'rss') return [`${what}: RSS above ${CHILD_RSS_CAP / 2 ** 20} MiB`];
  const problems: string[] = [];
  if (r.code === null || !allowed.includes(r.code))
    problems.push(`${what}: exit ${r.code ?? r.signal}; stderr: ${tail}`);
  if (STACK_TRACE.test(r.stderr)) problems.push(`${what}: a stack trace: ${tail}`);
  if (/internal error|rnn-lab: error:/.test(r.stderr)) problems.push(`${what}: an internal error: ${tail}`);
  if (r.code === 2) {
    const lines = r.stderr.trimEnd().split('\n');
    const bad = lines.filter((l) => !POSITIONED.test(l));
    if (lines.length === 0 || bad.length)
      problems.push(`${what}: exit 2 without a positioned message: ${JSON.stringify(bad.slice(0, 3)).slice(0, 600)}`);
  }
  if (r.code === 1 && !/diverged/.test(r.stderr)) problems.push(`${what}: exit 1 without divergence: ${tail}`);
  return problems;
}

export async function checkValidate(
  dir: string,
  experimentFile: string,
): Promise<{ failures: string[]; peakRss: number }> {
  const r = await rnnLab(['validate', experimentFile], dir);
  const failures = outcomeProblems('validate', r, [0, 2]);
  if (r.code === 0 && !/: ok: /.test(r.stdout))
    failures.push(`validate: exit 0 without "ok": ${r.stdout.slice(0, 300)}`);
  return { failures, peakRss: r.peakRss };
}

/** train --epochs 1 into DIR/runs, then every run directory it left must read back. */
export async function checkTrain(
  dir: string,
  experimentFile: string,
): Promise<{ failures: string[]; peakRss: number }> {
  const r = await rnnLab(['train', experimentFile, '--epochs', '1', '--out', 'runs', '--quiet'], dir);
  const failures = outcomeProblems('train', r, [0, 1, 2]);
  const runsDir = path.join(dir, 'runs');
  let entries: string[] = [];
  try {
    entries = readdirSync(runsDir);
  } catch {
    if (r.code !== 2) failures.push('train: no runs directory');
  }
  for (const name of entries) {
    const runDir = path.join(runsDir, name);
    if (name.startsWith('.')) {
      failures.push(`train: a temporary directory left behind: ${name}`);
      continue;
    }
    const entry = await readRunEntry(runDir, () => false);
    if (entry.kind !== 'run') {
      failures.push(`train: run directory ${name} unreadable: ${entry.reason}`);
      continue;
    }
    if (entry.record.status === 'running') failures.push(`train: run ${name} still says running`);
    const metrics = await readMetrics(runDir);
    if (metrics.length !== entry.record.epochsCompleted)
      failures.push(`train: ${metrics.length} metrics lines for ${entry.record.epochsCompleted} epochs`);
    const again = await checkExperiment(path.join(runDir, 'experiment.json'));
    if (
      !again.checked &&
      !/"(csv|text)": "\/(proc|dev)\//.test(readFileSync(path.join(runDir, 'experiment.json'), 'utf8'))
    ) {
      failures.push(
        `train: its experiment.json does not check (rerun would fail): ${again.diagnostics
          .map((d) => d.message)
          .join(' | ')
          .slice(0, 400)}`,
      );
    }
  }
  return { failures, peakRss: r.peakRss };
}

/** Small enough to train one epoch in a fuzz run: few numbers, little work. */
export function quickToTrain(c: CheckedExperiment): boolean {
  const { shape, footprint } = c;
  return (
    sampleBytes(shape) <= 32 * 1024 * 1024 &&
    footprint.bytes <= 256 * 1024 * 1024 &&
    footprint.parameters * shape.count * shape.steps <= 2e8
  );
}
