// Writes one run to disk as it happens: experiment.json and run.json first, one
// metrics.ndjson line per epoch (appended, flushed at least every 100 ms; the statistics only on
// the epochs core/statEpochs.ts keeps them), weights.json and the final run.json at the end.
// run.json is only ever replaced atomically. A write that fails (a full disk) throws a
// RecordingError naming the file and the cause while training, and ends the run as failed
// with that cause in finish().

import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { metricFields, type EpochMetrics } from '../core/metrics';
import type { Model } from '../core/model';
import { isStatEpoch, withoutStatistics } from '../core/statEpochs';
import type { DoneEvent, EpochEvent } from '../core/trainer';
import type { LoadedExperiment } from '../experiment/load';
import { nodeFileSystem, writeAll, writeJsonAtomic, type FileSystem } from './atomicFile';
import { BestFigureTracker } from './bestFigures';
import { CheckpointKeeper } from './checkpoints';
import { ownProcessStart } from './processStart';
import { createRunDirectory } from './runDirectory';
import {
  RUN_FORMAT,
  type RunCompute,
  type RunHost,
  type RunRecord,
  type RunStatus,
  type SweepTrialRecord,
} from './runRecord';

/** run.json is refreshed at most this often while running (epochs done, last loss). */
const PROGRESS_INTERVAL_MS = 1000;
/**
 * Metrics lines are written in batches at least this often (and whenever 64 KB are waiting):
 * one write per epoch was 40 % of a tiny model's training time. A crash loses at most this much.
 */
const METRICS_FLUSH_MS = 100;
const METRICS_FLUSH_BYTES = 64 * 1024;

/** A run file could not be written: says which, and why (the message is the run's). */
export class RecordingError extends Error {}

/** Runs `write`, turning its failure into a RecordingError that names `what`. */
function recording<T>(what: string, write: () => T): T {
  try {
    return write();
  } catch (err) {
    if (err instanceof RecordingError) throw err;
    throw new RecordingError(`cannot write ${what}: ${(err as Error).message}`);
  }
}

export class RunRecorder {
  readonly dir: string;
  private record: RunRecord;
  private readonly metricsFd: number;
  private lastProgressWrite = 0;
  private pendingMetrics = '';
  private lastMetricsFlush = Date.now();
  /** After a failed write the file's end is unknown: nothing more is appended. */
  private metricsBroken = false;
  private readonly fs: FileSystem;
  private readonly checkpoints: CheckpointKeeper;
  private lastEpoch: EpochMetrics = {};
  private readonly bestFigures = new BestFigureTracker();

  /**
   * `rerunOf`: the run directory whose experiment.json this run repeats; `fs`: the file system
   * calls for the run's files (tests give it a full disk).
   */
  constructor(
    runsDir: string,
    loaded: LoadedExperiment,
    toolVersion: string,
    options: {
      started?: Date;
      rerunOf?: string;
      host?: RunHost;
      sweep?: SweepTrialRecord;
      fs?: FileSystem;
      compute?: RunCompute;
    } = {},
  ) {
    const e = loaded.experiment;
    this.fs = options.fs ?? nodeFileSystem;
    const processStart = ownProcessStart();
    const started = options.started ?? new Date();
    this.record = {
      format: RUN_FORMAT,
      name: e.name,
      status: 'running',
      startedAt: started.toISOString(),
      endedAt: null,
      epochs: e.training.epochs,
      epochsCompleted: 0,
      finalLoss: null,
      finalValLoss: null,
      seed: e.seed,
      source: loaded.file,
      toolVersion,
      pid: process.pid,
      ...(processStart ? { processStart } : {}),
      ...(loaded.dataInfo ? { data: loaded.dataInfo } : {}),
      ...(options.host ? { host: options.host } : {}),
      ...(options.compute ? { compute: options.compute } : {}),
      ...(options.rerunOf ? { rerunOf: options.rerunOf } : {}),
      ...(options.sweep ? { sweep: options.sweep } : {}),
    };
    this.dir = createRunDirectory(runsDir, e.name, started, (dir) => {
      writeJsonAtomic(path.join(dir, 'experiment.json'), e, this.fs);
      writeJsonAtomic(path.join(dir, 'run.json'), this.record, this.fs);
      writeFileSync(path.join(dir, 'metrics.ndjson'), '');
    });
    this.metricsFd = this.fs.openSync(this.file('metrics.ndjson'), 'a');
    this.checkpoints = new CheckpointKeeper(this.dir, { name: e.name, seed: e.seed });
  }

  /**
   * `json` is the event already serialized in full, when the caller has it; `model`, the model
   * as the epoch left it, for the checkpoints (checkpoints.ts). Throws a RecordingError.
   */
  epoch(event: EpochEvent, json?: string, model?: Model): void {
    if (model) recording('a checkpoint', () => this.checkpoints.epoch(event, model));
    this.lastEpoch = event;
    this.bestFigures.add(event);
    this.pendingMetrics += `${isStatEpoch(event.epoch, event.epochs) ? (json ?? JSON.stringify(event)) : JSON.stringify(withoutStatistics(event))}\n`;
    const now = Date.now();
    if (this.pendingMetrics.length >= METRICS_FLUSH_BYTES || now - this.lastMetricsFlush >= METRICS_FLUSH_MS)
      this.flushMetrics(now);
    if (now - this.lastProgressWrite >= PROGRESS_INTERVAL_MS) {
      this.lastProgressWrite = now;
      this.flushMetrics(now); // run.json never counts an epoch metrics.ndjson does not have yet
      recording('a checkpoint', () => this.checkpoints.flush());
      this.update({
        epochsCompleted: event.epoch,
        finalLoss: event.loss,
        finalValLoss: event.valLoss,
        ...this.bestAndMetrics(),
      });
    }
  }

  /**
   * Ends the run: final weights (when there are any to keep) and run.json with its status.
   * Never throws: a file it cannot write makes the run failed with that cause, which it returns
   * (run.json itself may then be left saying running: the run lists as interrupted).
   */
  finish(
    status: RunStatus,
    done: Partial<Omit<DoneEvent, 'type' | 'status'>>,
    weights?: Record<string, unknown>,
  ): { status: RunStatus; message?: string } {
    let message = done.message;
    const attempt = (write: () => void) => {
      try {
        write();
      } catch (err) {
        if (status === 'failed' && message === (err as Error).message) return; // the failure that ended training
        status = 'failed';
        message = message ? `${message}; ${(err as Error).message}` : (err as Error).message;
      }
    };
    attempt(() => this.flushMetrics(Date.now()));
    attempt(() => this.fs.closeSync(this.metricsFd));
    if (weights && allFinite(weights))
      attempt(() => recording('weights.json', () => writeJsonAtomic(this.file('weights.json'), weights, this.fs)));
    attempt(() => recording('a checkpoint', () => this.checkpoints.finish()));
    attempt(() =>
      this.update({
        status,
        endedAt: new Date().toISOString(),
        ...this.bestAndMetrics(),
        ...(done.epochsCompleted !== undefined ? { epochsCompleted: done.epochsCompleted } : {}),
        ...(done.finalLoss !== undefined ? { finalLoss: done.finalLoss } : {}),
        ...(done.finalValLoss !== undefined ? { finalValLoss: done.finalValLoss } : {}),
        ...(message ? { message } : {}),
        ...(done.stoppedEarly ? { stoppedEarly: true } : {}),
        ...(done.restoredEpoch !== undefined ? { restoredEpoch: done.restoredEpoch } : {}),
      }),
    );
    return { status, ...(message ? { message } : {}) };
  }

  /** run.json's best epoch, last epoch's metrics and kept checkpoints (docs/reference/run-directory.md). */
  private bestAndMetrics(): Partial<RunRecord> {
    const best = this.checkpoints.best.best;
    const checkpoints = this.checkpoints.epochs();
    const finalMetrics = metricFields(this.lastEpoch);
    return {
      ...(best ? { best } : {}),
      ...(Object.keys(finalMetrics).length > 0 ? { finalMetrics } : {}),
      ...(Object.keys(this.bestFigures.best).length > 0 ? { bestMetrics: { ...this.bestFigures.best } } : {}),
      ...(checkpoints.length > 0 ? { checkpoints } : {}),
    };
  }

  private flushMetrics(now: number): void {
    const pending = this.pendingMetrics;
    this.pendingMetrics = '';
    this.lastMetricsFlush = now;
    if (!pending || this.metricsBroken) return;
    try {
      writeAll(this.metricsFd, pending, this.fs);
    } catch (err) {
      // Part of it may be written: a torn last line, which readers skip.
      this.metricsBroken = true;
      throw new RecordingError(`cannot write metrics.ndjson: ${(err as Error).message}`);
    }
  }

  private update(change: Partial<RunRecord>): void {
    this.record = { ...this.record, ...change };
    recording('run.json', () => writeJsonAtomic(this.file('run.json'), this.record, this.fs));
  }

  private file(name: string): string {
    return path.join(this.dir, name);
  }
}

/** NaN or ±∞ cannot be written as JSON numbers: such weights are not kept. */
function allFinite(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(allFinite);
  if (value && typeof value === 'object') return Object.values(value).every(allFinite);
  return true;
}
