// The "RNN Lab" output channel: the lines exactly as the CLI prints them, one line each (a log
// channel would put its timestamp on a line of its own before every chunk). Lines are collected
// and appended in one chunk at most every 100 ms, so a run tracing every step of every epoch
// never floods the window with appends.

import * as vscode from 'vscode';

const FLUSH_MS = 100;

export class OutputLog implements vscode.Disposable {
  readonly channel: vscode.OutputChannel;
  private pending: string[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor() {
    this.channel = vscode.window.createOutputChannel('RNN Lab');
  }

  line(text: string): void {
    this.pending.push(text);
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  error(text: string): void {
    this.line(`error: ${text}`);
    this.flush();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    this.channel.append(`${this.pending.join('\n')}\n`);
    this.pending = [];
  }

  dispose(): void {
    this.flush();
    this.channel.dispose();
  }
}
