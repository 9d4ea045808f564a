// A panel of a run that another process trains (`rnn-lab train` in a terminal, train.py, Train
// with PyTorch, another window) follows it from its files: each new metrics line arrives as a
// live epoch, each new run.json (its end above all) refreshes the header. This window's own
// trainings hand their panels the epochs directly (training/trainingSessions.ts) and are left alone.

import * as vscode from 'vscode';
import { isStatEpoch, withoutStatistics } from '../../core/statEpochs';
import type { EpochPoint } from '../../panel/protocol';
import { toEpochPoint } from '../../panel/series';
import { RunFollower } from '../../runs/runFollower';
import { readRunEntry, type Liveness } from '../../runs/runStore';

export interface FollowedPanel {
  epochs(points: readonly EpochPoint[]): void;
  progress(epoch: number, epochs: number): void;
  /** run.json changed: its status, its end. */
  refreshHeader(): Promise<void>;
}

export function followExternalRun(runDir: string, alive: Liveness, panel: FollowedPanel): vscode.Disposable {
  let follower: RunFollower | undefined;
  let disposed = false;
  void (async () => {
    const entry = await readRunEntry(runDir, alive);
    if (disposed || entry.kind !== 'run' || entry.state !== 'running' || entry.record.pid === process.pid) return;
    follower = await RunFollower.fromNow(runDir, alive, {
      epochs: (events) => {
        const last = events.at(-1)!;
        panel.epochs(
          events.map((e) => (isStatEpoch(e.epoch, e.epochs) ? toEpochPoint(e) : withoutStatistics(toEpochPoint(e)))),
        );
        panel.progress(last.epoch, last.epochs);
      },
      record: () => void panel.refreshHeader(),
    });
    if (disposed) follower.close();
  })();
  return new vscode.Disposable(() => {
    disposed = true;
    follower?.close();
  });
}
