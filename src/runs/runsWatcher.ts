// Tells when the listing of a runs directory may have changed: a run directory appeared or
// went (one watch on the runs directory), or a running run replaced its run.json (one watch
// per running run; finished runs do not change). Finished runs cost no watch, so 1,000 of
// them cost one. Node's own fs.watch: the editor's file watcher (VS Code 1.139 server) was
// measured not to report changes under a dot-folder such as .rnn/runs.

import { watch, type FSWatcher } from 'node:fs';
import type { RunEntry } from './runStore';

export class RunsWatcher {
  private root: FSWatcher | undefined;
  private readonly running = new Map<string, FSWatcher>();

  constructor(
    private readonly runsDir: string,
    private readonly onChange: () => void,
  ) {}

  /** Watches what `entries` (the current listing) makes worth watching; cheap to call per listing. */
  update(entries: readonly RunEntry[]): void {
    this.root ??= this.tryWatch(this.runsDir, (_, name) => {
      if (name === null || !String(name).startsWith('.')) this.onChange(); // hidden: a run being created
    });
    const live = new Set(entries.filter((e) => e.kind === 'run' && e.state === 'running').map((e) => e.dir));
    for (const [dir, w] of this.running) {
      if (!live.has(dir)) {
        w.close();
        this.running.delete(dir);
      }
    }
    for (const dir of live) {
      if (this.running.has(dir)) continue;
      const w = this.tryWatch(dir, (_, name) => {
        if (name === null || name === 'run.json') this.onChange();
      });
      if (w) this.running.set(dir, w);
    }
  }

  get watching(): number {
    return (this.root ? 1 : 0) + this.running.size;
  }

  close(): void {
    this.root?.close();
    this.root = undefined;
    this.running.forEach((w) => w.close());
    this.running.clear();
  }

  /** undefined when the directory does not exist (yet): the next update tries again. */
  private tryWatch(
    dir: string,
    listener: (event: string, name: string | Buffer | null) => void,
  ): FSWatcher | undefined {
    try {
      const w = watch(dir, { persistent: false }, listener);
      // Removed or unreadable later: drop the watch; the next update re-creates it if it can.
      w.on('error', () => {
        w.close();
        if (this.root === w) this.root = undefined;
        for (const [d, x] of this.running) if (x === w) this.running.delete(d);
        this.onChange();
      });
      return w;
    } catch {
      return undefined;
    }
  }
}
