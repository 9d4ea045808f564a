// The "RNN Lab" output channel. Lines are collected and appended in one chunk at most every
// 100 ms, so a run tracing every step of every epoch never floods the window with appends.

import * as vscode from 'vscode';

const FLUSH_MS = 100;

export class OutputLog implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  private pending: string[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor() {
    this.channel = vscode.window.createOutputChannel('RNN Lab', { log: true });
  }

  line(text: string): void {
    this.pending.push(text);
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  error(text: string): void {
    this.flush();
    this.channel.error(text);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    // One message per chunk: the channel prefixes its first line with the time and level.
    this.channel.info(`\n${this.pending.join('\n')}`);
    this.pending = [];
  }

  dispose(): void {
    this.flush();
    this.channel.dispose();
  }
}
