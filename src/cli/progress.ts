// A one-line progress bar for long runs on a terminal, drawn on stderr so that stdout keeps
// only the lines tools parse.

import { formatDuration } from '../format/duration';

const WIDTH = 24;

export class ProgressBar {
  private drawn = false;
  private readonly started = Date.now();

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly total: number,
  ) {}

  update(done: number, loss: string): void {
    const share = done / this.total;
    const filled = Math.round(share * WIDTH);
    const elapsed = Date.now() - this.started;
    const eta = done > 0 ? (elapsed / done) * (this.total - done) : 0;
    const bar =
      `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ` +
      `epoch ${done}/${this.total} loss ${loss} eta ${formatDuration(eta, 'compact')}`;
    this.stream.write(`\r${bar}\x1b[K`);
    this.drawn = true;
  }

  /** Erases the bar so that a normal line can be printed in its place. */
  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}
