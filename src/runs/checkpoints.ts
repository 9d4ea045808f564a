// Weights kept at some epochs of a run, so that predict, inspect and the panel's views can look
// at the network as it was then (docs/reference/run-directory.md): RUN/checkpoints/epoch-E.json, each an
// rnn-lab/weights@1 file with its "epoch".
//
// Kept: epochs 1–5, then every power of two (8, 16, 32, …), while their files stay within
// CHECKPOINT_BUDGET_BYTES; and, always, the best epoch so far (lowest validation loss, else
// training loss), whose file replaces the previous best's, and the last epoch, written at the
// end. A run of 1,000 epochs keeps ≤ 14. The best epoch's weights are copied in memory when it
// happens and written with run.json's progress (at most once a second) and at the end, so a
// run whose loss falls every epoch does not write a file every epoch.

import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { BestEpochTracker } from '../core/metrics';
import { Model } from '../core/model';
import type { EpochEvent } from '../core/trainer';
import { exportWeights } from '../core/weights';
import { writeFileAtomic } from './atomicFile';

export const CHECKPOINTS_DIR = 'checkpoints';
/** Scheduled checkpoints of one run stop here; the best epoch's one file is kept regardless. */
export const CHECKPOINT_BUDGET_BYTES = 64 * 1024 * 1024;
const FIRST_EPOCHS = 5;

export function isScheduledCheckpoint(epoch: number): boolean {
  return epoch <= FIRST_EPOCHS || (epoch & (epoch - 1)) === 0;
}

export function checkpointFile(runDir: string, epoch: number): string {
  return path.join(runDir, CHECKPOINTS_DIR, `epoch-${epoch}.json`);
}

/** The epochs with a checkpoint file, ascending (a run without any: []). */
export function checkpointEpochs(runDir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(path.join(runDir, CHECKPOINTS_DIR));
  } catch {
    return [];
  }
  return names
    .map((n) => /^epoch-(\d+)\.json$/.exec(n))
    .filter((m) => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

export async function readCheckpoint(runDir: string, epoch: number): Promise<unknown> {
  return JSON.parse(await readFile(checkpointFile(runDir, epoch), 'utf8'));
}

export class CheckpointKeeper {
  readonly best = new BestEpochTracker();
  private readonly scheduled = new Set<number>();
  private scheduledBytes = 0;
  /** The best epoch's weights, copied when it happened (float64 holds float32 values exactly). */
  private readonly bestCopy = new WeightsCopy();
  private bestPending = false;
  private bestWritten: number | undefined;
  /** The latest epoch's weights: the model itself may change after it (early stopping's restoreBest). */
  private readonly lastCopy = new WeightsCopy();
  private lastWritten: number | undefined;

  constructor(
    private readonly runDir: string,
    private readonly metadata: Record<string, unknown>,
  ) {}

  /** After each epoch, with the model as that epoch left it. */
  epoch(event: EpochEvent, model: Model): void {
    if (isScheduledCheckpoint(event.epoch) && this.scheduledBytes < CHECKPOINT_BUDGET_BYTES) {
      this.scheduledBytes += this.write(event.epoch, model);
      this.scheduled.add(event.epoch);
    }
    if (this.best.observe(event)) {
      this.bestCopy.take(event.epoch, model);
      this.bestPending = true;
    }
    this.lastCopy.take(event.epoch, model);
  }

  /** At the end of the run: the best epoch's file, and the last epoch's. */
  finish(): void {
    this.flush();
    const last = this.lastCopy.epoch;
    if (last === undefined || this.epochs().includes(last)) return;
    this.write(last, this.lastCopy.model!);
    this.lastWritten = last;
  }

  /** Writes the best epoch's file if it changed since, and removes the previous best's. */
  flush(): void {
    const best = this.best.best;
    if (!this.bestPending || !best) return;
    this.bestPending = false;
    if (!this.scheduled.has(best.epoch)) this.write(best.epoch, this.bestCopy.model!);
    if (this.bestWritten !== undefined && this.bestWritten !== best.epoch && !this.scheduled.has(this.bestWritten)) {
      rmSync(checkpointFile(this.runDir, this.bestWritten), { force: true });
    }
    this.bestWritten = best.epoch;
  }

  /** The epochs kept so far, ascending. */
  epochs(): number[] {
    const extra = [this.bestWritten, this.lastWritten].filter((e) => e !== undefined);
    return [...new Set([...this.scheduled, ...extra])].sort((a, b) => a - b);
  }

  private write(epoch: number, model: Model): number {
    mkdirSync(path.join(this.runDir, CHECKPOINTS_DIR), { recursive: true });
    const text = JSON.stringify(exportWeights(model, { ...this.metadata, epoch }));
    writeFileAtomic(checkpointFile(this.runDir, epoch), text);
    return text.length;
  }
}

/** One epoch's parameter values, copied out of a model into a float64 model of the same shape. */
class WeightsCopy {
  model: Model | undefined;
  epoch: number | undefined;

  take(epoch: number, from: Model): void {
    this.model ??= new Model(from.spec, 'float64');
    from.params.forEach((p, i) => this.model!.params[i].value.set(p.value));
    this.epoch = epoch;
  }
}
