// What the training worker tells its host, coalesced. The host gets at most one batch per
// ~50 ms and never a new one before it acknowledged the last, so however fast epochs come
// (20,000 a second for a tiny model) it handles a few batches a second and never queues more
// than it can draw. Every epoch's scalars go (the loss curve keeps every point); statistics only
// on the epochs that keep them (core/statEpochs.ts), the superseded others are dropped; epoch
// lines in a burst of 100, then ~20 a second, as a terminal shows them. If the host stops
// acknowledging and too much is waiting, training waits for it (room()).

import { isStatEpoch, withoutStatistics } from '../core/statEpochs';
import type { EpochEvent } from '../core/trainer';
import type { EpochPoint } from '../panel/protocol';
import { toEpochPoint } from '../panel/series';
import type { EpochBatch } from './protocol';

export interface OutboxLimits {
  /** At most one batch this often. */
  readonly batchMs: number;
  /** Points and lines waiting beyond which training waits for the host. */
  readonly maxWaiting: number;
  /** Epoch lines: a burst of this many, then one per lineMs. */
  readonly lineBurst: number;
  readonly lineMs: number;
}

const LIMITS: OutboxLimits = { batchMs: 50, maxWaiting: 50_000, lineBurst: 100, lineMs: 50 };

export class Outbox {
  private points: EpochPoint[] = [];
  private lines: string[] = [];
  private firstAt = 0;
  private lastAt = 0;
  private unacknowledged = false;
  private lastSent = 0;
  private timer: NodeJS.Timeout | undefined;
  private lineTokens: number;
  private lastRefill = Date.now();
  private waiters: (() => void)[] = [];

  constructor(
    private readonly send: (batch: EpochBatch) => void,
    private readonly limits: OutboxLimits = LIMITS,
  ) {
    this.lineTokens = limits.lineBurst;
  }

  line(text: string): void {
    this.add(() => this.lines.push(text));
  }

  /** An epoch and its output line (which is dropped when lines come too fast, except the last epoch's). */
  epoch(event: EpochEvent, line: string): void {
    this.add(() => {
      const point = toEpochPoint(event);
      this.points.push(isStatEpoch(event.epoch, event.epochs) ? point : withoutStatistics(point));
      if (this.takeLineToken() || event.epoch === event.epochs) this.lines.push(line);
    });
  }

  /** The host handled the last batch. */
  ack(): void {
    this.unacknowledged = false;
    this.schedule();
  }

  /** Sends what is waiting now, acknowledged or not: the run is over. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.sendNow();
  }

  /** Resolves once the host has room for more (at once, unless too much is waiting), or on `signal`. */
  room(signal?: AbortSignal): Promise<void> {
    if (this.waiting < this.limits.maxWaiting || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      signal?.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  private get waiting(): number {
    return this.points.length + this.lines.length;
  }

  private add(push: () => void): void {
    const now = Date.now();
    if (this.waiting === 0) this.firstAt = now;
    push();
    this.lastAt = now;
    this.schedule();
  }

  private takeLineToken(): boolean {
    const now = Date.now();
    this.lineTokens = Math.min(this.limits.lineBurst, this.lineTokens + (now - this.lastRefill) / this.limits.lineMs);
    this.lastRefill = now;
    if (this.lineTokens < 1) return false;
    this.lineTokens--;
    return true;
  }

  private schedule(): void {
    if (this.unacknowledged || this.timer || this.waiting === 0) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        if (!this.unacknowledged) this.sendNow();
      },
      Math.max(0, this.lastSent + this.limits.batchMs - Date.now()),
    );
  }

  private sendNow(): void {
    if (this.waiting === 0) return;
    const batch: EpochBatch = {
      type: 'batch',
      points: this.points,
      lines: this.lines,
      firstAt: this.firstAt,
      lastAt: this.lastAt,
    };
    this.points = [];
    this.lines = [];
    this.unacknowledged = true;
    this.lastSent = Date.now();
    this.send(batch);
    const waiters = this.waiters;
    this.waiters = [];
    for (const resume of waiters) resume();
  }
}
