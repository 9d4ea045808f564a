// How far the editor's live views lag the trainer while every core is busy with other work.
// A long tiny run (B2 T3 I4 H8) trains in dist/worker.js, the worker the extension starts; this
// process plays the extension host: the host's side of the worker (src/worker/trainingWorker.ts,
// which acknowledges each batch once handled) and stand-ins for the two views it feeds, timed
// as the extension times them — the progress (status bar and notification: at most every 250 ms
// and after the last change, trainingSessions.ts) and the panel (appends at most every 100 ms,
// each serialized as a webview postMessage is, runPanels.ts). One busy loop per core runs in a
// child process. The CodeLens and the Runs view read that progress when VS Code asks them, as
// VS Code asks (its debounces stand in here), paced as the extension paces them — and, for
// comparison, as they were told before, at every change. A view's lag is the time from the
// trainer finishing an epoch to the view showing it: at every update of the view, now − when
// the oldest epoch it newly shows ended.
// Half-way a finished run's panel is opened (its history read from disk, as the panel's first
// message); near the end Stop is pressed, as a user watching the views would. Prints figures;
// asserts nothing (the goal is < 1 s at p99). Needs `npm run build` first.
//   --quick: 3,000 epochs (test/bench: the script still runs)

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import * as path from 'node:path';
import { Rng } from '../src/core/rng';
import type { EpochPoint } from '../src/panel/protocol';
import { readRunHistory } from '../src/panel/runHistory';
import type { RunOutcome } from '../src/runs/recordedRun';
import type { EpochBatch, TrainRequest } from '../src/worker/protocol';
import { TrainingWorker } from '../src/worker/trainingWorker';
import { AskBackGate, Throttle } from '../src/extension/training/refreshPacing';

const quick = process.argv.includes('--quick');
const EPOCHS = quick ? 3000 : 200_000;
/** Stop is pressed when the progress shows this far. */
const STOP_AT = Math.round(EPOCHS * 0.9);
const PROGRESS_MS = 250;
const PANEL_MS = 100;
/** VS Code's least CodeLens debounce, and its tree view's debounce of change events. */
const LENS_DEBOUNCE_MS = 250;
const TREE_DEBOUNCE_MS = 200;
/** The Runs view's pacing (src/extension/runs/runsTree.ts). */
const TREE_CHANGE_MS = 300;
const CORES = availableParallelism();
/** The busy loops end by themselves even if this process is killed. */
const BUSY_FOR_MS = quick ? 30_000 : 600_000;

const dir = mkdtempSync(path.join(tmpdir(), 'rnn-lab-ui-lag-'));
const rng = new Rng(0, 'generator');
const r = (n: number) => Array.from({ length: n }, () => Number(rng.range(-1, 1).toFixed(3)));
writeFileSync(
  path.join(dir, 'tiny.rnn.json'),
  JSON.stringify({
    data: { x: Array.from({ length: 2 }, () => Array.from({ length: 3 }, () => r(4))), y: [r(1), r(1)] },
    model: {
      layers: [
        { type: 'rnn', units: 8 },
        { type: 'dense', units: 1 },
      ],
    },
    training: { epochs: EPOCHS, loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.01 } },
    trace: { shapes: 'off' },
  }),
);

/** A view fed by the host: shows what it was given at most every `intervalMs`, and after the last change. */
class View {
  private waitingSince: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  shownEpoch = 0;
  shownAt = 0;
  readonly lags: number[] = [];
  private pending: EpochPoint[] = [];
  /** Told after each update: when the oldest epoch it newly shows ended (the one progress source's change event). */
  readonly listeners: ((oldestAt: number) => void)[] = [];

  constructor(
    private readonly intervalMs: number,
    private readonly draw: (points: EpochPoint[]) => void,
  ) {}

  feed(batch: EpochBatch): void {
    this.waitingSince ??= batch.firstAt;
    this.pending = this.pending.concat(batch.points);
    const now = Date.now();
    if (now - this.last >= this.intervalMs) this.show(now);
    else this.timer ??= setTimeout(() => this.show(Date.now()), this.last + this.intervalMs - now);
  }

  private show(now: number): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.waitingSince === undefined) return;
    this.draw(this.pending);
    this.shownEpoch = this.pending.at(-1)?.epoch ?? this.shownEpoch;
    this.lags.push(now - this.waitingSince);
    this.last = this.shownAt = now;
    this.pending = [];
    const oldestAt = this.waitingSince;
    this.waitingSince = undefined;
    for (const l of this.listeners) l(oldestAt);
  }
}

/**
 * A view that reads the one progress source when VS Code asks it to (the CodeLens provider, a
 * tree's items): its lag is from the oldest epoch it did not show yet to the moment it reads.
 */
class Reader {
  private waitingSince: number | undefined;
  shownEpoch = 0;
  shownAt = 0;
  readonly lags: number[] = [];

  constructor(private readonly source: View) {
    source.listeners.push((oldestAt) => (this.waitingSince ??= oldestAt));
  }

  read(now = Date.now()): void {
    if (this.waitingSince === undefined) return;
    this.lags.push(now - this.waitingSince);
    this.shownEpoch = this.source.shownEpoch;
    this.shownAt = now;
    this.waitingSince = undefined;
  }
}

/** VS Code's CodeLens controller: asks the provider a debounce after a change event, each event restarting the wait. */
class RestartingDebounce {
  private timer: NodeJS.Timeout | undefined;
  constructor(
    private readonly ms: number,
    private readonly run: () => void,
  ) {}
  schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(this.run, this.ms);
  }
}

/** VS Code's tree view: a change event is handled at once, later ones a debounce after the last of a burst. */
class LeadingDebounce {
  private timer: NodeJS.Timeout | undefined;
  private more = false;
  constructor(
    private readonly ms: number,
    private readonly run: () => void,
  ) {}
  fire(): void {
    if (this.timer === undefined) this.run();
    else this.more = true;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.more) this.run();
      this.more = false;
    }, this.ms);
  }
}

const progress = new View(
  PROGRESS_MS,
  (points) => void `epoch ${points.at(-1)?.epoch}/${EPOCHS}, loss ${points.at(-1)?.loss}`,
);
const panel = new View(PANEL_MS, (points) => void JSON.stringify({ type: 'append', points }));

// The CodeLens and the Runs view read the same source (TrainingProgress), told of a change by
// it and by the run listing (run.json rewritten every second): as the extension paces them
// (src/extension/training/refreshPacing.ts), and as they were told before, at every change.
const lens = new Reader(progress);
const lensAsks = new RestartingDebounce(LENS_DEBOUNCE_MS, () => {
  lens.read();
  setTimeout(() => lensGate.asked(), 0);
});
const lensGate = new AskBackGate(() => lensAsks.schedule());
const lensBefore = new Reader(progress);
const lensBeforeAsks = new RestartingDebounce(LENS_DEBOUNCE_MS, () => lensBefore.read());
const tree = new Reader(progress);
const treeRefresh = new LeadingDebounce(TREE_DEBOUNCE_MS, () => tree.read());
const treePace = new Throttle(() => treeRefresh.fire(), TREE_CHANGE_MS);
const treeBefore = new Reader(progress);
const treeBeforeRefresh = new LeadingDebounce(TREE_DEBOUNCE_MS, () => treeBefore.read());
/** A change of the progress or of the run listing, as the lenses and the tree hear of it. */
const changed = () => {
  lensGate.changed();
  lensBeforeAsks.schedule();
  treePace.changed();
  treeBeforeRefresh.fire();
};
// Both events of TrainingProgress's change (sessions.onDidChange and progress.onDidChange).
progress.listeners.push(changed, changed);
const listingEvents = setInterval(changed, 1000);

// A finished run to open while the long one trains: 5,000 epochs of the same model, by the CLI.
const CLI = path.resolve(__dirname, '../dist/cli.js');
execFileSync(process.execPath, [CLI, 'train', 'tiny.rnn.json', '--epochs', '5000', '--out', 'finished', '--quiet'], {
  cwd: dir,
  timeout: 120_000,
});
const finishedRun = path.join(dir, 'finished', readdirSync(path.join(dir, 'finished'))[0]);
let opened: { epoch: number; ms: number; points: number } | undefined;
let opening: Promise<void> | undefined;

const busy: ChildProcess[] = Array.from({ length: CORES }, () =>
  spawn(process.execPath, ['-e', `const end = Date.now() + ${BUSY_FOR_MS}; while (Date.now() < end);`], {
    stdio: 'ignore',
  }),
);
const stopBusy = () => busy.forEach((c) => c.kill('SIGKILL'));
process.on('exit', stopBusy);

const request: TrainRequest = {
  file: path.join(dir, 'tiny.rnn.json'),
  runsDir: path.join(dir, 'runs'),
  toolVersion: 'bench',
};
const started = performance.now();
let batches = 0;
let outcome: RunOutcome | undefined;
let trainerLastAt = 0;
let stop: { epoch: number; at: number } | undefined;
let finishedAt = 0;
const worker = new TrainingWorker(path.resolve(__dirname, '../dist/worker.js'), request, (m) => {
  switch (m.type) {
    case 'batch':
      batches++;
      trainerLastAt = m.lastAt;
      progress.feed(m);
      panel.feed(m);
      if (!opening && progress.shownEpoch >= EPOCHS / 2) {
        const [epoch, t0] = [progress.shownEpoch, performance.now()];
        opening = readRunHistory(finishedRun).then((reset) => {
          JSON.stringify(reset); // as postMessage serializes it
          opened = { epoch, ms: performance.now() - t0, points: reset?.points.length ?? 0 };
        });
      }
      if (!stop && progress.shownEpoch >= STOP_AT) {
        stop = { epoch: progress.shownEpoch, at: Date.now() };
        worker.stop();
      }
      break;
    case 'finished':
      outcome = m.outcome;
      finishedAt = Date.now();
      break;
    case 'invalid':
    case 'error':
      console.error(JSON.stringify(m));
      process.exitCode = 1; // the figures would be of nothing
      break;
    default:
      break;
  }
});
const killer = setTimeout(() => worker.stop(), BUSY_FOR_MS);

void worker.exited.then(async () => {
  clearTimeout(killer);
  clearInterval(listingEvents);
  await new Promise((resolve) => setTimeout(resolve, PROGRESS_MS + TREE_CHANGE_MS + LENS_DEBOUNCE_MS + 100)); // the views' last update
  await opening;
  stopBusy();
  const seconds = (performance.now() - started) / 1000;
  const epochs = outcome?.epochsCompleted ?? 0;
  const ms = (x: number) => `${Math.round(x)} ms`;
  const figures = (name: string, v: View | Reader) => {
    const sorted = [...v.lags].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
    return (
      `  ${name}: lag p50 ${ms(at(0.5))}, p99 ${ms(at(0.99))}, max ${ms(sorted.at(-1) ?? NaN)} over ${sorted.length} updates; ` +
      `showed epoch ${v.shownEpoch.toLocaleString('en')} ${ms(v.shownAt - trainerLastAt)} after the trainer finished it`
    );
  };
  console.log(
    `ui lag, tiny B2 T3 I4 H8 in dist/worker.js, ${CORES} busy loop${CORES === 1 ? '' : 's'} on ${CORES} core${CORES === 1 ? '' : 's'}:`,
  );
  console.log(
    `  trainer: ${epochs.toLocaleString('en')} epochs (${outcome?.status ?? 'no outcome'}) in ${seconds.toFixed(1)} s, ${Math.round(epochs / seconds).toLocaleString('en')} epochs/s, ${batches} batches to the host`,
  );
  console.log(figures('progress (status bar, notification)', progress));
  console.log(figures('panel', panel));
  console.log(figures('CodeLens (told once it asked)', lens));
  console.log(figures('Runs view (told at most every 300 ms)', tree));
  console.log(figures('  before: CodeLens told at every change', lensBefore));
  console.log(figures('  before: Runs view told at every change', treeBefore));
  if (opened)
    console.log(
      `  a finished run's panel (5,000 epochs, ${opened.points.toLocaleString('en')} points) opened at epoch ${opened.epoch.toLocaleString('en')} of the long run: history read and serialized in ${ms(opened.ms)}`,
    );
  if (stop)
    console.log(
      `  Stop pressed with the progress at epoch ${stop.epoch.toLocaleString('en')}: the trainer stopped at ${epochs.toLocaleString('en')} (${(epochs - stop.epoch).toLocaleString('en')} epochs further), ${ms(finishedAt - stop.at)} later`,
    );
});
