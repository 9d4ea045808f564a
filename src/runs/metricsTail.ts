// The end of a metrics.ndjson that another process is still appending to: each read returns
// the epochs of the whole lines written since the last read, never a line being written (it
// stays for the next read) and never more than a bounded slice of the file at once.

import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import * as path from 'node:path';
import type { EpochEvent } from '../core/trainer';
import { MAX_LINE_LENGTH, parseMetricsLine } from './metricsLine';

/** Read per call at most (a burst larger than this is read by the next calls). */
const MAX_READ_BYTES = 8 * 1024 * 1024;

export class MetricsTail {
  private offset: number;
  private partial = Buffer.alloc(0);
  /** Inside a line longer than MAX_LINE_LENGTH, or one begun before the tail started: dropped up to its end. */
  private skipping: boolean;

  /** `from`: the byte where the tail starts (the file's size at a moment: earlier epochs are read another way). */
  constructor(
    readonly runDir: string,
    from = 0,
    startsMidLine = false,
  ) {
    this.offset = from;
    this.skipping = startsMidLine;
  }

  /** A tail from the current end of the file: only epochs written from now on. */
  static async atEnd(runDir: string): Promise<MetricsTail> {
    const file = path.join(runDir, 'metrics.ndjson');
    let handle;
    try {
      handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    } catch {
      return new MetricsTail(runDir);
    }
    try {
      const stats = await handle.stat();
      if (!stats.isFile() || stats.size === 0) return new MetricsTail(runDir);
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, stats.size - 1);
      return new MetricsTail(runDir, stats.size, last[0] !== 0x0a);
    } finally {
      await handle.close();
    }
  }

  /** The epochs of the whole lines appended since the last call (none when the file is missing or not a regular file). */
  async read(): Promise<EpochEvent[]> {
    let handle;
    try {
      handle = await open(path.join(this.runDir, 'metrics.ndjson'), constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    } catch {
      return [];
    }
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) return [];
      if (stats.size < this.offset) {
        // Replaced by a shorter file: start over from its beginning.
        this.offset = 0;
        this.partial = Buffer.alloc(0);
        this.skipping = false;
      }
      const length = Math.min(stats.size - this.offset, MAX_READ_BYTES);
      if (length <= 0) return [];
      const chunk = Buffer.alloc(length);
      const { bytesRead } = await handle.read(chunk, 0, length, this.offset);
      this.offset += bytesRead;
      return this.lines(chunk.subarray(0, bytesRead))
        .map(parseMetricsLine)
        .filter((e): e is EpochEvent => e !== undefined);
    } finally {
      await handle.close();
    }
  }

  private lines(chunk: Buffer): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let end = chunk.indexOf(0x0a); end >= 0; end = chunk.indexOf(0x0a, start)) {
      if (!this.skipping) lines.push(Buffer.concat([this.partial, chunk.subarray(start, end)]).toString('utf8'));
      this.partial = Buffer.alloc(0);
      this.skipping = false;
      start = end + 1;
    }
    if (!this.skipping) {
      this.partial = Buffer.concat([this.partial, chunk.subarray(start)]);
      if (this.partial.length > MAX_LINE_LENGTH) {
        this.partial = Buffer.alloc(0);
        this.skipping = true;
      }
    }
    return lines;
  }
}
