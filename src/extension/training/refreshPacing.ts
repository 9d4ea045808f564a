// How often the editor's views are told that the progress changed, so that each keeps up with
// the trainer however often it changes. Both readers below debounce what they are told, and a
// debounce restarts with every new event: told too often, a view shows nothing new for as long
// as the changes keep coming (the CodeLens said epoch 2/40 twenty-five seconds on). Pure, so
// that bench/ui-lag.ts paces its stand-ins with this very code.

/**
 * For a reader that asks back: VS Code asks the CodeLens provider again a debounce (≥ 250 ms)
 * after each change event. Told once, then not again until it has asked (or `patienceMs`
 * passed without an ask, e.g. no editor shows the lenses), then at once if anything changed.
 */
export class AskBackGate {
  private told = 0;
  private waiting = false;
  private dirty = false;

  constructor(
    private readonly tell: () => void,
    private readonly patienceMs = 2000,
    private readonly now: () => number = Date.now,
  ) {}

  changed(): void {
    if (this.waiting && this.now() - this.told < this.patienceMs) {
      this.dirty = true;
      return;
    }
    this.waiting = true;
    this.dirty = false;
    this.told = this.now();
    this.tell();
  }

  /** The reader asked (call it once the answer is on its way, not while it is being computed). */
  asked(): void {
    this.waiting = false;
    if (this.dirty) this.changed();
  }
}

/**
 * For a reader that debounces with a leading edge (a tree view's onDidChangeTreeData: 200 ms):
 * told at most once per `intervalMs`, the first change at once and the last one always.
 */
export class Throttle {
  private last = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly tell: () => void,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  changed(): void {
    if (this.timer !== undefined) return;
    const wait = this.last + this.intervalMs - this.now();
    if (wait <= 0) this.fire();
    else this.timer = setTimeout(() => this.fire(), wait);
  }

  private fire(): void {
    this.timer = undefined;
    this.last = this.now();
    this.tell();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
