// Writes one run to disk as it happens: experiment.json and run.json first, one
// metrics.ndjson line per epoch (appended, flushed at least every 100 ms), weights.json and
// the final run.json at the end. run.json is only ever replaced atomically.

import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import type { DoneEvent, EpochEvent } from '../core/trainer';
import type { LoadedExperiment } from '../experiment/load';
import { writeJsonAtomic } from './atomicFile';
import { createRunDirectory } from './runDirectory';
import { RUN_FORMAT, type RunHost, type RunRecord, type RunStatus } from './runRecord';

/** run.json is refreshed at most this often while running (epochs done, last loss). */
const PROGRESS_INTERVAL_MS = 1000;
/**
 * Metrics lines are written in batches at least this often (and whenever 64 KB are waiting):
 * one write per epoch was 40 % of a tiny model's training time. A crash loses at most this much.
 */
const METRICS_FLUSH_MS = 100;
const METRICS_FLUSH_BYTES = 64 * 1024;

export class RunRecorder {
  readonly dir: string;
  private record: RunRecord;
  private readonly metricsFd: number;
  private lastProgressWrite = 0;
  private pendingMetrics = '';
  private lastMetricsFlush = Date.now();

  /** `rerunOf`: the run directory whose experiment.json this run repeats. */
  constructor(runsDir: string, loaded: LoadedExperiment, toolVersion: string, options: { started?: Date; rerunOf?: string; host?: RunHost } = {}) {
    const e = loaded.experiment;
    const started = options.started ?? new Date();
    this.record = {
      format: RUN_FORMAT, name: e.name, status: 'running', startedAt: started.toISOString(), endedAt: null,
      epochs: e.training.epochs, epochsCompleted: 0, finalLoss: null, finalValLoss: null, seed: e.seed,
      source: loaded.file, toolVersion, pid: process.pid,
      ...(loaded.dataInfo ? { data: loaded.dataInfo } : {}),
      ...(options.host ? { host: options.host } : {}),
      ...(options.rerunOf ? { rerunOf: options.rerunOf } : {}),
    };
    this.dir = createRunDirectory(runsDir, e.name, started, (dir) => {
      writeJsonAtomic(path.join(dir, 'experiment.json'), e);
      writeJsonAtomic(path.join(dir, 'run.json'), this.record);
      writeFileSync(path.join(dir, 'metrics.ndjson'), '');
    });
    this.metricsFd = openSync(this.file('metrics.ndjson'), 'a');
  }

  /** `json` is the event already serialized, when the caller has it. */
  epoch(event: EpochEvent, json = JSON.stringify(event)): void {
    this.pendingMetrics += `${json}\n`;
    const now = Date.now();
    if (this.pendingMetrics.length >= METRICS_FLUSH_BYTES || now - this.lastMetricsFlush >= METRICS_FLUSH_MS) this.flushMetrics(now);
    if (now - this.lastProgressWrite >= PROGRESS_INTERVAL_MS) {
      this.lastProgressWrite = now;
      this.flushMetrics(now); // run.json never counts an epoch metrics.ndjson does not have yet
      this.update({ epochsCompleted: event.epoch, finalLoss: event.loss, finalValLoss: event.valLoss });
    }
  }

  /** Ends the run: final weights (when there are any to keep) and run.json with its status. */
  finish(status: RunStatus, done: Partial<Omit<DoneEvent, 'type' | 'status'>>, weights?: Record<string, unknown>): void {
    this.flushMetrics(Date.now());
    closeSync(this.metricsFd);
    if (weights && allFinite(weights)) writeJsonAtomic(this.file('weights.json'), weights);
    this.update({
      status, endedAt: new Date().toISOString(),
      ...(done.epochsCompleted !== undefined ? { epochsCompleted: done.epochsCompleted } : {}),
      ...(done.finalLoss !== undefined ? { finalLoss: done.finalLoss } : {}),
      ...(done.finalValLoss !== undefined ? { finalValLoss: done.finalValLoss } : {}),
      ...(done.message ? { message: done.message } : {}),
    });
  }

  private flushMetrics(now: number): void {
    if (this.pendingMetrics) writeSync(this.metricsFd, this.pendingMetrics);
    this.pendingMetrics = '';
    this.lastMetricsFlush = now;
  }

  private update(change: Partial<RunRecord>): void {
    this.record = { ...this.record, ...change };
    writeJsonAtomic(this.file('run.json'), this.record);
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
