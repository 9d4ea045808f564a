// "epoch x/N" of every training, as one snapshot taken when the sessions publish a change —
// the moment the status bar and the progress notification are updated — so the CodeLens, the
// panel header and the Runs view show the same figure as they do, instead of each reading the
// live count (or a run.json written a second ago) at its own time.

import * as vscode from 'vscode';
import type { TrainingSessions } from './trainingSessions';

export interface Progress {
  readonly epoch: number;
  readonly epochs: number;
  /** The loss of `epoch` (null before the first). */
  readonly loss?: number | null;
  readonly runDir?: string;
}

export class TrainingProgress implements vscode.Disposable {
  private snapshot = new Map<string, Progress>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** After the snapshot changed (at most as often as the sessions publish). */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private readonly files = new Set<string>();

  constructor(private readonly sessions: TrainingSessions) {
    this.subscription = vscode.Disposable.from(
      sessions.onDidStartRun((s) => this.files.add(s.file)),
      sessions.onDidChange(() => this.take()),
    );
  }

  /** The training of this experiment file as last published; undefined when it is not training. */
  of(file: string): Progress | undefined {
    return this.snapshot.get(file);
  }

  /** The training that writes this run directory, as last published. */
  ofRun(runDir: string): Progress | undefined {
    return [...this.snapshot.values()].find((p) => p.runDir === runDir);
  }

  private take(): void {
    const next = new Map<string, Progress>();
    for (const file of this.files) {
      const s = this.sessions.state(vscode.Uri.file(file));
      if (s) next.set(file, { epoch: s.epoch, epochs: s.epochs, loss: s.loss, runDir: s.runDir });
      else this.files.delete(file);
    }
    this.snapshot = next;
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
