// The worker's outbox: however fast epochs come, the host gets a batch at a time, the next only
// after it acknowledged the last; every epoch's loss, statistics only where runs keep them, epoch
// lines thinned like a terminal's; and training waits when the host stops acknowledging.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStatEpoch } from '../../src/core/statEpochs';
import type { EpochEvent } from '../../src/core/trainer';
import { Outbox, type OutboxLimits } from '../../src/worker/outbox';
import type { EpochBatch } from '../../src/worker/protocol';

const EPOCHS = 1000;
const epoch = (e: number) =>
  ({
    type: 'epoch',
    epoch: e,
    epochs: EPOCHS,
    loss: 1 / e,
    valLoss: null,
    learningRate: 0.1,
    ms: 0.01,
    clippedBatches: 0,
    weightNorms: { 'layer0.Wh': 1 },
    gradNorms: { 'layer0.Wh': 1 },
    dhNorms: { layer0: [1, 2] },
    spectralNorms: { 'layer0.Wh': 1 },
    histograms: { 'layer0.Wh': { min: 0, max: 1, counts: [1] } },
  }) satisfies EpochEvent;

const limits: OutboxLimits = { batchMs: 20, maxWaiting: 300, lineBurst: 10, lineMs: 1000 };
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

function outbox() {
  const sent: EpochBatch[] = [];
  return { sent, box: new Outbox((b) => sent.push(b), limits) };
}

describe('the worker outbox', () => {
  it('sends one batch and no other until the host acknowledges it', async () => {
    const { sent, box } = outbox();
    for (let e = 1; e <= 50; e++) box.epoch(epoch(e), `epoch ${e}`);
    await tick(60);
    assert.equal(sent.length, 1, 'one batch however many epochs');
    for (let e = 51; e <= 120; e++) box.epoch(epoch(e), `epoch ${e}`);
    await tick(60);
    assert.equal(sent.length, 1, 'nothing more before the ack');
    box.ack();
    await tick(60);
    assert.equal(sent.length, 2);
    assert.deepEqual(
      sent.flatMap((b) => b.points.map((p) => p.epoch)),
      Array.from({ length: 120 }, (_, i) => i + 1),
      'every epoch, once, in order',
    );
  });

  it("keeps every epoch's loss but the statistics only on statistics epochs", () => {
    const { sent, box } = outbox();
    for (let e = 1; e <= EPOCHS; e++) box.epoch(epoch(e), `epoch ${e}`);
    box.flush();
    const points = sent.flatMap((b) => b.points);
    assert.equal(points.length, EPOCHS);
    assert.ok(points.every((p) => p.loss === 1 / p.epoch));
    assert.ok(points.every((p) => (p.histograms !== undefined) === isStatEpoch(p.epoch, EPOCHS)));
    assert.ok(points.filter((p) => p.histograms).length < EPOCHS, 'superseded statistics are dropped');
  });

  it("passes a burst of epoch lines, then thins them, and always the last epoch's", () => {
    const { sent, box } = outbox();
    box.line('trace line');
    for (let e = 1; e <= EPOCHS; e++) box.epoch(epoch(e), `epoch ${e}`);
    box.flush();
    const lines = sent.flatMap((b) => b.lines);
    assert.equal(lines[0], 'trace line', 'trace lines are never dropped');
    assert.deepEqual(
      lines.slice(1, 11),
      Array.from({ length: 10 }, (_, i) => `epoch ${i + 1}`),
    );
    assert.ok(lines.length < 20, `${lines.length} lines`);
    assert.equal(lines.at(-1), `epoch ${EPOCHS}`);
  });

  it('makes training wait while too much waits for a host that does not acknowledge', async () => {
    const { sent, box } = outbox();
    box.epoch(epoch(1), 'epoch 1');
    await tick(40);
    assert.equal(sent.length, 1);
    for (let e = 2; e <= 400; e++) box.epoch(epoch(e), `epoch ${e}`);
    let resumed = false;
    const room = box.room().then(() => {
      resumed = true;
    });
    await tick(60);
    assert.equal(resumed, false, 'training waits');
    box.ack();
    await room;
    assert.equal(sent.length, 2, 'it resumes once the waiting epochs went to the host');
    const stop = new AbortController();
    for (let e = 401; e <= 800; e++) box.epoch(epoch(e), `epoch ${e}`);
    const stopped = box.room(stop.signal);
    stop.abort();
    await stopped; // Stop is never stuck behind a host that does not answer
  });
});
