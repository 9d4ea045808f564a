// Follows a run that another process writes (`rnn-lab train` in a terminal, an exported
// train.py, another window): its new metrics lines and its run.json, as they reach the disk,
// until the run ends. Node's fs.watch on the run directory says when to look; a poll every
// POLL_MS looks anyway (watch events are not delivered on every file system), so a change is
// seen within POLL_MS at worst. One open file per look, nothing held between looks, and at most
// one look per MIN_GAP_MS however often a fast run appends (a watch event per flush).

import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { EpochEvent } from '../core/trainer';
import { MetricsTail } from './metricsTail';
import { readRunEntry, type Liveness, type RunEntry } from './runStore';

export const POLL_MS = 400;
const MIN_GAP_MS = 200;

export interface FollowHandlers {
  /** Epochs appended since the last call, in order. */
  epochs(events: EpochEvent[]): void;
  /** run.json was replaced (progress, the end of the run) or the run's state changed (its trainer died). */
  record(entry: Extract<RunEntry, { kind: 'run' }>): void;
}

export class RunFollower {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private looking: Promise<void> | undefined;
  private again = false;
  private lastLook = 0;
  private soon: NodeJS.Timeout | undefined;
  private recordStamp = '';
  private lastState = '';
  private closed = false;
  /** Resolves when the run has ended (its last lines and record delivered) or the follower was closed. */
  readonly ended: Promise<void>;
  private end!: () => void;

  private constructor(
    readonly runDir: string,
    private readonly tail: MetricsTail,
    private readonly alive: Liveness,
    private readonly handlers: FollowHandlers,
    pollMs: number,
  ) {
    this.ended = new Promise((resolve) => (this.end = resolve));
    try {
      this.watcher = watch(runDir, { persistent: false }, () => this.look());
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      this.watcher = undefined; // the poll still looks
    }
    this.timer = setInterval(() => this.look(), pollMs);
  }

  /** Follows from now on: epochs already in metrics.ndjson are the reader's to load (panel/runHistory.ts). */
  static async fromNow(
    runDir: string,
    alive: Liveness,
    handlers: FollowHandlers,
    pollMs = POLL_MS,
  ): Promise<RunFollower> {
    return new RunFollower(runDir, await MetricsTail.atEnd(runDir), alive, handlers, pollMs);
  }

  /** Looks at the files now (and once more after a look under way, so no event is lost). */
  look(): void {
    if (this.closed || this.soon) return;
    const wait = this.lastLook + MIN_GAP_MS - Date.now();
    if (wait > 0) {
      this.soon = setTimeout(() => {
        this.soon = undefined;
        this.look();
      }, wait);
      return;
    }
    if (this.looking) {
      this.again = true;
      return;
    }
    this.lastLook = Date.now();
    this.looking = this.lookOnce()
      .catch(() => {})
      .finally(() => {
        this.looking = undefined;
        if (this.again) {
          this.again = false;
          this.look();
        }
      });
  }

  private async lookOnce(): Promise<void> {
    const events = await this.tail.read();
    if (events.length && !this.closed) this.handlers.epochs(events);
    const stamp = await recordStamp(this.runDir);
    // Read on every look, not only when run.json changed: the state changes without it when the trainer dies.
    const entry = await readRunEntry(this.runDir, this.alive);
    if (entry.kind !== 'run' || this.closed) return;
    const changed = stamp !== this.recordStamp || entry.state !== this.lastState;
    this.recordStamp = stamp;
    this.lastState = entry.state;
    if (!changed) return;
    if (entry.state !== 'running') {
      // Its last lines were written before its final run.json: read them, then end.
      const last = await this.tail.read();
      if (last.length && !this.closed) this.handlers.epochs(last);
    }
    if (!this.closed) this.handlers.record(entry);
    if (entry.state !== 'running') this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.watcher?.close();
    clearInterval(this.timer);
    clearTimeout(this.soon);
    this.end();
  }
}

/** Changes whenever run.json is replaced (every writer renames a new file over it). */
async function recordStamp(runDir: string): Promise<string> {
  try {
    const s = await stat(path.join(runDir, 'run.json'));
    return `${s.ino}:${s.mtimeMs}:${s.size}`;
  } catch {
    return 'missing';
  }
}
