import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { readMetrics } from '../../src/runs/metricsFile';
import { workspace } from '../helpers/workspace';

it('loads every complete metrics line and skips a torn last one', async () => {
  const dir = workspace({});
  writeFileSync(
    path.join(dir, 'metrics.ndjson'),
    '{"type":"epoch","epoch":1,"loss":0.5}\n{"type":"epoch","epoch":2,"loss":0.4}\n{"type":"epoch","ep',
  );
  const events = await readMetrics(dir);
  assert.deepEqual(
    events.map((e) => e.epoch),
    [1, 2],
  );
});

it('gives no epochs for a run without metrics yet', async () => {
  assert.deepEqual(await readMetrics(workspace({})), []);
});
