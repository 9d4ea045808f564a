// "Train with PyTorch", without the editor: export the experiment into a project folder, find
// the interpreter and what its torch can do, run train.py (or torchrun), report its lines and
// its run directory as they come, and leave a run on disk however it ends. The extension
// (src/extension/pytorch) shows what this reports; tests drive it directly.

import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { LoadedExperiment } from '../../experiment/load';
import { exportPyTorchProject } from '../../export/pytorchProject';
import { slug } from '../../runs/runDirectory';
import type { RunRecord, RunStatus } from '../../runs/runRecord';
import { trainCommand, displayCommand } from './commandLine';
import { deviceProblem, interpreterFailed, lastLines, noInterpreter, noTorch, scriptFailed } from './failures';
import { resolveInterpreter, type InterpreterCandidate, type Interpreter } from './interpreter';
import { failureMessage, findLaunchedRun, recordFailedLaunch, runDirsNow, settleRun } from './launchedRun';
import { chooseDevice, probeTorch, type TorchInfo } from './probe';
import { TrainingProcess, type Stream } from './trainingProcess';

/** Where a launch's project is exported: `<runs directory>/.pytorch/<experiment>-<hash of its path>/` (hidden: not a run). */
export function projectFolder(runsDir: string, target: string, name: string): string {
  const hash = createHash('sha256').update(path.resolve(target)).digest('hex').slice(0, 8);
  return path.join(runsDir, '.pytorch', `${slug(name)}-${hash}`);
}

export interface LaunchInput {
  readonly loaded: LoadedExperiment;
  /** What was exported: the experiment file, or the run directory a re-run repeats. */
  readonly target: string;
  readonly runsDir: string;
  readonly toolVersion: string;
  readonly candidates: readonly InterpreterCandidate[];
  /** rnnLab.pytorch.device: auto, cpu, cuda, cuda:N, mps. */
  readonly device: string;
  readonly processes: number;
  readonly env?: NodeJS.ProcessEnv;
  /** torch's answer per interpreter path, kept between launches (only successful answers are kept). */
  readonly probes?: Map<string, TorchInfo>;
  readonly graceMs?: number;
  /** A re-run: the run directory whose recorded experiment and seed it repeats (run.json's rerunOf). */
  readonly rerunOf?: string;
}

export interface LaunchHooks {
  /** A line for the output channel: the script's own, or the launcher's (stream 'launcher'). */
  line(text: string, stream: Stream | 'launcher'): void;
  /** The run directory exists (train.py renamed it into place): open it. */
  runStarted(runDir: string): void;
  /** train.py printed an epoch line. */
  epoch?(epoch: number, epochs: number): void;
}

export interface LaunchOutcome {
  readonly status: RunStatus;
  /** Absent only when nothing was run and nothing recorded (an export refused, Stop before the start). */
  readonly runDir?: string;
  readonly record?: RunRecord;
  /** What to tell the user when it did not complete (failures.ts). */
  readonly problem?: string;
  readonly interpreter?: Interpreter;
}

const EPOCH_LINE = /^epoch (\d+)\/(\d+) loss /;

interface Prepared {
  readonly projectDir: string;
  readonly interpreter: Interpreter;
  readonly info: TorchInfo;
  readonly device: string;
}

interface FailureFacts {
  readonly pid?: number;
  readonly device?: string;
  readonly interpreter?: Interpreter;
  /** The script's last lines, kept in the failed run's message. */
  readonly lines?: readonly string[];
}

export class PyTorchLaunch {
  private process: TrainingProcess | undefined;
  private stopped = false;
  readonly finished: Promise<LaunchOutcome>;

  constructor(
    private readonly input: LaunchInput,
    private readonly hooks: LaunchHooks,
  ) {
    this.finished = this.run();
  }

  /** Ends the training as Ctrl-C would (SIGINT, then kill after a grace period); before it started, it never starts. */
  stop(): void {
    this.stopped = true;
    this.process?.stop();
  }

  /** Kills the process now (the window is closing). */
  kill(): void {
    this.stopped = true;
    this.process?.kill();
  }

  private async run(): Promise<LaunchOutcome> {
    const ready = await this.prepare();
    return 'status' in ready ? ready : this.train(ready);
  }

  /** A launch that failed before train.py made a run: a failed run of its own, and the message. */
  private fail(problem: string, extra: FailureFacts = {}): LaunchOutcome {
    const { loaded, runsDir, toolVersion, rerunOf, processes } = this.input;
    this.hooks.line(`error: ${problem}`, 'launcher');
    const runDir = recordFailedLaunch({
      runsDir,
      experiment: loaded.experiment,
      source: loaded.file,
      toolVersion,
      message: failureMessage(problem, extra.lines ?? []),
      rerunOf,
      worldSize: processes,
      pid: extra.pid,
      device: extra.device,
    });
    return { status: 'failed', runDir, problem, interpreter: extra.interpreter };
  }

  /** The project exported, the interpreter found and asked what its torch can do, the device chosen. */
  private async prepare(): Promise<Prepared | LaunchOutcome> {
    const input = this.input;
    const e = input.loaded.experiment;
    const projectDir = projectFolder(input.runsDir, input.target, e.name);
    try {
      exportPyTorchProject(input.loaded, {
        outDir: projectDir,
        toolVersion: input.toolVersion,
        runsDir: input.runsDir,
      });
    } catch (err) {
      const problem = `cannot export ${e.name} to PyTorch: ${(err as Error).message}`;
      this.hooks.line(`error: ${problem}`, 'launcher');
      return { status: 'failed', problem };
    }
    const env = input.env ?? process.env;
    const resolution = resolveInterpreter(input.candidates, { PATH: env.PATH, PATHEXT: env.PATHEXT });
    if (!('found' in resolution)) return this.fail(noInterpreter(resolution.tried));
    const interpreter = resolution.found;
    const python = interpreter.path;
    this.hooks.line(`python: ${python} (${interpreter.source})`, 'launcher');
    let info = input.probes?.get(python);
    if (!info) {
      const probed = await probeTorch(python, input.env);
      if ('failure' in probed)
        return this.fail(
          probed.failure === 'ENOENT' ? noInterpreter(input.candidates) : interpreterFailed(python, probed.failure),
          { interpreter },
        );
      info = probed.info;
      if (info.torch === null) return this.fail(noTorch(python, info.importError), { interpreter });
      input.probes?.set(python, info);
    }
    const device = chooseDevice(input.device, info, e.dtype);
    const problem = deviceProblem(device, python, info);
    if (problem) return this.fail(problem, { device, interpreter });
    if (this.stopped) return { status: 'cancelled', interpreter };
    return { projectDir, interpreter, info, device };
  }

  /** train.py (or torchrun) to its end; its run announced as soon as it exists, and left whole. */
  private async train({ projectDir, interpreter, info, device }: Prepared): Promise<LaunchOutcome> {
    const input = this.input;
    const python = interpreter.path;
    const line = trainCommand({
      python,
      script: path.join(projectDir, 'train.py'),
      runsDir: input.runsDir,
      device,
      processes: input.processes,
    });
    this.hooks.line(`torch ${info.torch} on ${device}: ${displayCommand(line)}`, 'launcher');
    const before = runDirsNow(input.runsDir);
    const proc = new TrainingProcess(
      line,
      { cwd: projectDir, env: input.env, graceMs: input.graceMs },
      (text, stream) => {
        this.hooks.line(text, stream);
        const m = stream === 'stdout' ? EPOCH_LINE.exec(text) : null;
        if (m) this.hooks.epoch?.(Number(m[1]), Number(m[2]));
      },
    );
    this.process = proc;
    if (this.stopped) proc.stop();
    const found =
      proc.pid === undefined
        ? Promise.resolve(undefined)
        : findLaunchedRun({ runsDir: input.runsDir, before, source: input.loaded.file, pid: proc.pid }, proc.exited);
    void found.then((dir) => dir && this.hooks.runStarted(dir));
    const [exit, runDir] = await Promise.all([proc.exited, found]);
    if (exit.error?.code === 'ENOENT') return this.fail(noInterpreter(input.candidates), { device, interpreter });
    const tail = lastLines(proc.lastLines(), 20);
    const failure = scriptFailed(python, exit, tail);
    if (!runDir) {
      if (proc.stopping) return { status: 'cancelled', interpreter };
      return this.fail(failure, { device, interpreter, pid: proc.pid, lines: tail });
    }
    const record = await settleRun(runDir, {
      stopped: proc.stopping,
      failure,
      lastLines: tail,
      rerunOf: input.rerunOf,
    });
    const outcome = { status: record.status, runDir, record, interpreter };
    return record.status === 'completed' || record.status === 'cancelled'
      ? outcome
      : { ...outcome, problem: record.status === 'failed' ? failure : (record.message ?? record.status) };
  }
}
