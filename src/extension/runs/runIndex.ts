// The runs this window knows of: every runs directory of the workspace (and of experiment
// files outside it that were trained or shown here), listed from disk and kept current by
// watchers (runsWatcher.ts), so that runs started from the CLI or another window appear too.
// The Runs view and the CodeLens both read this one listing, so they always agree.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { latestRunOf, listRuns, trainerAlive, type Liveness, type RunEntry } from '../../runs/runStore';
import { RunsWatcher, withLiveProgress } from '../../runs/runsWatcher';
import { runsDirectoryFor } from '../settings';
import type { TrainingSessions } from '../training/trainingSessions';

/** Trains runs in this window (pid = the extension host's): a run it owns is alive. */
export interface RunOwner {
  ownsRun(runDir: string): boolean;
  readonly onDidChange: vscode.Event<void>;
}

/** Bursts of file events (a run writes run.json every second) become one refresh. */
const DEBOUNCE_MS = 300;
/** A running run's new epochs (metrics.ndjson) are shown at most this often (the lenses re-read their runs each time). */
const PROGRESS_MS = 500;

export class RunIndex implements vscode.Disposable {
  private readonly listings = new Map<string, Promise<RunEntry[]>>();
  private readonly watchers = new Map<string, RunsWatcher>();
  private readonly extraDirs = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private timer: NodeJS.Timeout | undefined;
  private progressTimer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[];

  /** A run recorded by this process is alive only while one of our trainings owns it. */
  readonly alive: Liveness = (record, dir) =>
    record.pid === process.pid
      ? this.sessions.ownsRun(dir) || this.others.some((o) => o.ownsRun(dir))
      : trainerAlive(record);

  /** `others`: more of this window's trainers (its sweeps), each saying which runs it trains. */
  constructor(
    private readonly sessions: TrainingSessions,
    private readonly others: readonly RunOwner[] = [],
  ) {
    this.subscriptions = [
      sessions.onDidStartRun((s) => this.track(path.dirname(s.runDir))),
      ...others.map((o) => o.onDidChange(() => this.refresh(false))),
      sessions.onDidEndRun((e) => this.track(path.dirname(e.outcome.runDir))),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.refresh()),
      vscode.workspace.onDidChangeConfiguration(
        (e) => e.affectsConfiguration('rnnLab.runsDirectory') && this.refresh(),
      ),
    ];
  }

  /** Every runs directory to list: the workspace folders' and the extra ones seen here. */
  runsDirs(): string[] {
    const dirs = (vscode.workspace.workspaceFolders ?? []).map((f) => runsDirectoryFor(f.uri));
    return [...new Set([...dirs, ...this.extraDirs])];
  }

  /** Adds a runs directory (e.g. of an experiment outside the workspace) and refreshes now. */
  track(runsDir: string): void {
    this.extraDirs.add(runsDir);
    this.refresh();
  }

  /** The runs of one runs directory, read once per change. */
  entries(runsDir: string): Promise<RunEntry[]> {
    let listing = this.listings.get(runsDir);
    if (!listing) {
      listing = listRuns(runsDir, this.alive);
      this.listings.set(runsDir, listing);
      let watcher = this.watchers.get(runsDir);
      if (!watcher) {
        watcher = new RunsWatcher(
          runsDir,
          () => this.refresh(false),
          () => this.progressChanged(),
        );
        this.watchers.set(runsDir, watcher);
      }
      void listing.then((entries) => watcher.update(entries));
    }
    const watcher = this.watchers.get(runsDir)!;
    // Running runs as far as their metrics files go: run.json is rewritten only once a second.
    return listing.then((entries) => withLiveProgress(entries, (dir) => watcher.progressOf(dir)));
  }

  /** A running run wrote epochs: the readers read the same listing again, brought up to date. */
  private progressChanged(): void {
    this.progressTimer ??= setTimeout(() => {
      this.progressTimer = undefined;
      this.changed.fire();
    }, PROGRESS_MS);
  }

  async allEntries(): Promise<RunEntry[]> {
    return (await Promise.all(this.runsDirs().map((d) => this.entries(d)))).flat();
  }

  async latestOf(file: vscode.Uri): Promise<Extract<RunEntry, { kind: 'run' }> | undefined> {
    return latestRunOf(await this.entries(runsDirectoryFor(file)), file.fsPath);
  }

  /** Forgets every listing and tells the readers, at once (`now`) or after a burst settles. */
  refresh(now = true): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const fire = () => {
      this.timer = undefined;
      this.listings.clear();
      this.changed.fire();
    };
    if (now) fire();
    else this.timer = setTimeout(fire, DEBOUNCE_MS);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.progressTimer) clearTimeout(this.progressTimer);
    for (const s of this.subscriptions) s.dispose();
    this.watchers.forEach((w) => w.close());
    this.changed.dispose();
  }
}
