// Reads metrics.ndjson, line by line from a stream: a long run's file can be larger than one
// string may be (~512 MB), and is never held whole. A line torn by a crash mid-write (always
// the last) is skipped; everything before it loads.

import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { EpochEvent } from '../core/trainer';

/** Each epoch of a run's metrics.ndjson, in order; none when the file is missing. */
export async function* metricsLines(runDir: string): AsyncGenerator<EpochEvent> {
  const stream = createReadStream(path.join(runDir, 'metrics.ndjson'), { encoding: 'utf8' });
  try {
    await once(stream, 'ready');
  } catch {
    return; // no metrics yet (or none readable)
  }
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      const event = parseLine(line);
      if (event) yield event;
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}

function parseLine(line: string): EpochEvent | undefined {
  if (!line.trim()) return undefined;
  try {
    return JSON.parse(line) as EpochEvent;
  } catch {
    return undefined; // torn line: the run was killed while appending it
  }
}

/** Every epoch of a run's metrics.ndjson. A view of a long run reads metricsLines and keeps less. */
export async function readMetrics(runDir: string): Promise<EpochEvent[]> {
  const events: EpochEvent[] = [];
  for await (const event of metricsLines(runDir)) events.push(event);
  return events;
}
