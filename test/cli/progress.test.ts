// The terminal progress bar: what a person sees on stderr during a long run.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ProgressBar } from '../../src/cli/progress';

function fakeStream() {
  const writes: string[] = [];
  return { writes, stream: { write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream };
}

it('draws share, epoch and loss on one line, and erases itself', () => {
  const { writes, stream } = fakeStream();
  const bar = new ProgressBar(stream, 200);
  bar.update(50, '0.123456');
  // eslint-disable-next-line no-control-regex -- \x1b[K is the terminal's erase-to-end-of-line
  assert.match(writes[0], /^\r\[######\.{18}\] {2}25% epoch 50\/200 loss 0\.123456 eta \d+\.\ds\x1b\[K$/);
  bar.clear();
  assert.equal(writes[1], '\r\x1b[K');
  bar.clear();
  assert.equal(writes.length, 2, 'clearing twice writes nothing more');
});
