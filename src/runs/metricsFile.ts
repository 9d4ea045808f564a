// Reads metrics.ndjson. A line torn by a crash mid-write (always the last) is skipped;
// everything before it loads.

import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { EpochEvent } from '../core/trainer';

export async function readMetrics(runDir: string): Promise<EpochEvent[]> {
  let text: string;
  try {
    text = await readFile(path.join(runDir, 'metrics.ndjson'), 'utf8');
  } catch {
    return [];
  }
  const events: EpochEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      events.push(JSON.parse(line) as EpochEvent);
    } catch {
      // torn line: the run was killed while appending it
    }
  }
  return events;
}
