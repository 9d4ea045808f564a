// Tells when the listing of a runs directory may have changed: a run directory appeared or
// went (one watch on the runs directory), or a running run replaced its run.json (one watch
// per running run; finished runs do not change). Finished runs cost no watch, so 1,000 of
// them cost one. Node's own fs.watch: the editor's file watcher (VS Code 1.139 server) was
// measured not to report changes under a dot-folder such as .rnn/runs.
//
// Two more things readers need from runs written by other processes (the CLI, train.py):
// - A runs directory that does not exist yet is waited for: its nearest existing parent is
//   watched until it appears (the first CLI run of a new workspace creates .rnn/runs).
// - A running run's progress as its metrics.ndjson says it, epoch by epoch: run.json is
//   rewritten only once a second, so its new metrics lines are read as they come (watch
//   events, and a poll every POLL_MS for file systems that do not deliver them).

import { existsSync, watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import { MetricsTail } from './metricsTail';
import type { RunEntry } from './runStore';

/** A running run's last epoch as its metrics file says it (ahead of its run.json). */
export interface LiveProgress {
  readonly epochsCompleted: number;
  readonly finalLoss: number | null;
  readonly finalValLoss: number | null;
}

const POLL_MS = 500;
/** A fast run appends every ~100 ms (a watch event each): its metrics are read at most this often. */
const MIN_GAP_MS = 250;

interface Running {
  readonly watcher: FSWatcher | undefined;
  readonly tail: Promise<MetricsTail>;
  reading: boolean;
  lastRead: number;
}

export class RunsWatcher {
  private root: FSWatcher | undefined;
  /** The nearest existing parent of a runs directory that does not exist yet. */
  private parent: { dir: string; watcher: FSWatcher } | undefined;
  private readonly running = new Map<string, Running>();
  private readonly progress = new Map<string, LiveProgress>();
  private poll: NodeJS.Timeout | undefined;

  /** `onProgress`: a running run's metrics file has new epochs (progressOf); cheaper than a new listing. */
  constructor(
    private readonly runsDir: string,
    private readonly onChange: () => void,
    private readonly onProgress: () => void = () => {},
  ) {}

  /** Watches what `entries` (the current listing) makes worth watching; cheap to call per listing. */
  update(entries: readonly RunEntry[]): void {
    this.root ??= this.tryWatch(this.runsDir, (_, name) => {
      if (name === null || !String(name).startsWith('.')) this.onChange(); // hidden: a run being created
    });
    if (this.root) this.stopWaiting();
    else this.waitForRunsDir();
    const live = new Set(entries.filter((e) => e.kind === 'run' && e.state === 'running').map((e) => e.dir));
    for (const [dir, r] of this.running) {
      if (!live.has(dir)) {
        r.watcher?.close();
        this.running.delete(dir);
        this.progress.delete(dir);
      }
    }
    for (const dir of live) {
      if (this.running.has(dir)) continue;
      const running: Running = {
        watcher: this.tryWatch(dir, (_, name) => {
          if (name === null || name === 'run.json') this.onChange();
          if (name === null || name === 'metrics.ndjson') void this.readProgress(dir);
        }),
        tail: MetricsTail.atEnd(dir),
        reading: false,
        lastRead: 0,
      };
      this.running.set(dir, running);
    }
    if (this.running.size && !this.poll) {
      this.poll = setInterval(() => this.running.forEach((_, dir) => void this.readProgress(dir)), POLL_MS);
      this.poll.unref?.();
    } else if (!this.running.size && this.poll) {
      clearInterval(this.poll);
      this.poll = undefined;
    }
  }

  /** What a running run's metrics file says beyond its run.json, if anything. */
  progressOf(dir: string): LiveProgress | undefined {
    return this.progress.get(dir);
  }

  get watching(): number {
    return (this.root ? 1 : 0) + (this.parent ? 1 : 0) + [...this.running.values()].filter((r) => r.watcher).length;
  }

  close(): void {
    this.root?.close();
    this.root = undefined;
    this.stopWaiting();
    this.running.forEach((r) => r.watcher?.close());
    this.running.clear();
    clearInterval(this.poll);
    this.poll = undefined;
  }

  private async readProgress(dir: string): Promise<void> {
    const r = this.running.get(dir);
    if (!r || r.reading || Date.now() - r.lastRead < MIN_GAP_MS) return;
    r.reading = true;
    r.lastRead = Date.now();
    try {
      const last = (await (await r.tail).read()).at(-1);
      if (last && this.running.get(dir) === r) {
        this.progress.set(dir, {
          epochsCompleted: last.epoch,
          finalLoss: last.loss,
          finalValLoss: last.valLoss ?? null,
        });
        this.onProgress();
      }
    } catch {
      // unreadable now: the next event or poll tries again
    } finally {
      r.reading = false;
    }
  }

  /** Watches the nearest existing parent of the runs directory; reports a change when the runs directory appears. */
  private waitForRunsDir(): void {
    let dir = path.dirname(this.runsDir);
    while (!existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    if (this.parent?.dir === dir) return;
    this.stopWaiting();
    const watcher = this.tryWatch(dir, () => {
      if (existsSync(this.runsDir)) {
        this.stopWaiting();
        this.onChange(); // the next listing watches it
      } else if (!existsSync(dir) || this.nearerParentExists(dir)) {
        this.waitForRunsDir(); // one level nearer (.rnn appeared), or the parent went
      }
    });
    if (watcher) this.parent = { dir, watcher };
  }

  private nearerParentExists(watched: string): boolean {
    for (let dir = path.dirname(this.runsDir); dir !== watched && path.dirname(dir) !== dir; dir = path.dirname(dir))
      if (existsSync(dir)) return true;
    return false;
  }

  private stopWaiting(): void {
    this.parent?.watcher.close();
    this.parent = undefined;
  }

  /** undefined when the directory does not exist (yet): the next update tries again. */
  private tryWatch(
    dir: string,
    listener: (event: string, name: string | Buffer | null) => void,
  ): FSWatcher | undefined {
    try {
      const w = watch(dir, { persistent: false }, listener);
      // Removed or unreadable later: drop the watch; the next update re-creates it if it can.
      w.on('error', () => {
        w.close();
        if (this.root === w) this.root = undefined;
        if (this.parent?.watcher === w) this.parent = undefined;
        for (const [d, r] of this.running) if (r.watcher === w) this.running.delete(d);
        this.onChange();
      });
      return w;
    } catch {
      return undefined;
    }
  }
}

/** The listing with each running run's record brought up to its metrics file's last epoch. */
export function withLiveProgress(
  entries: readonly RunEntry[],
  progressOf: (dir: string) => LiveProgress | undefined,
): RunEntry[] {
  return entries.map((e) => {
    const p = e.kind === 'run' && e.state === 'running' ? progressOf(e.dir) : undefined;
    return e.kind === 'run' && p && p.epochsCompleted > e.record.epochsCompleted
      ? { ...e, record: { ...e.record, ...p } }
      : e;
  });
}
