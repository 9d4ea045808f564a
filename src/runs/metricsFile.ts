// Reads metrics.ndjson, line by line from a stream: a long run's file can be larger than one
// string may be (~512 MB), and is never held whole. A line torn by a crash mid-write (always
// the last) is skipped; everything before it loads.

import * as path from 'node:path';
import type { EpochEvent } from '../core/trainer';
import { openRegularFile } from '../data/readFailure';
import { MAX_LINE_LENGTH, parseMetricsLine } from './metricsLine';

/** Read at most (a metrics file of any run length stays far below; larger is not ours). */
const MAX_METRICS_FILE_BYTES = 64 * 1024 ** 3;

/**
 * Each epoch of a run's metrics.ndjson, in order, checked against the contract (metricsLine.ts:
 * lines and statistics that do not fit are dropped); none when the file is missing or is not a
 * regular file (a FIFO would block the reader forever).
 */
export async function* metricsLines(runDir: string): AsyncGenerator<EpochEvent> {
  const opened = await openRegularFile(path.join(runDir, 'metrics.ndjson'), 'a metrics file', MAX_METRICS_FILE_BYTES);
  if ('problem' in opened) return; // no metrics yet (or none readable)
  const stream = opened.handle.createReadStream({ encoding: 'utf8' });
  try {
    for await (const line of boundedLines(stream, MAX_LINE_LENGTH)) {
      const event = parseMetricsLine(line);
      if (event) yield event;
    }
  } finally {
    stream.destroy();
    await opened.handle.close().catch(() => {});
  }
}

/** The lines of a text stream; a line longer than `max` is skipped whole, never held. */
async function* boundedLines(stream: AsyncIterable<string>, max: number): AsyncGenerator<string> {
  let pending = '';
  let skipping = false;
  for await (const chunk of stream) {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end >= 0; end = chunk.indexOf('\n', start)) {
      if (!skipping && pending.length + end - start <= max) yield pending + chunk.slice(start, end);
      pending = '';
      skipping = false;
      start = end + 1;
    }
    if (skipping) continue;
    if (pending.length + chunk.length - start > max) {
      pending = '';
      skipping = true;
    } else {
      pending += chunk.slice(start);
    }
  }
  if (!skipping && pending) yield pending;
}

/** Every epoch of a run's metrics.ndjson. A view of a long run reads metricsLines and keeps less. */
export async function readMetrics(runDir: string): Promise<EpochEvent[]> {
  const events: EpochEvent[] = [];
  for await (const event of metricsLines(runDir)) events.push(event);
  return events;
}
