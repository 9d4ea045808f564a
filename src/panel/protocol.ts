// The one message contract between the extension host and the training panel webview.
// The webview says `ready` first; the host then sends `reset` with the run's history and
// streams `append` and `header` after it. The webview is a pure view of what it was sent.

import type { EpochEvent } from '../core/trainer';
import type { RunStatus } from '../runs/runRecord';

/** One epoch's figures, as in metrics.ndjson (an epoch event without its type). */
export type EpochPoint = Omit<EpochEvent, 'type' | 'epochs'>;

export interface RunHeader {
  readonly name: string;
  readonly status: RunStatus;
  readonly epochs: number;
  readonly epochsCompleted: number;
  /** ISO 8601; elapsed and remaining time are derived from it. */
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly finalLoss: number | null;
  readonly message?: string;
}

export type HostToPanel =
  | { readonly type: 'reset'; readonly runDir: string; readonly header: RunHeader; readonly points: EpochPoint[] }
  | { readonly type: 'append'; readonly points: EpochPoint[] }
  | { readonly type: 'header'; readonly header: RunHeader };

export type PanelToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'stop' }
  | { readonly type: 'rerun' };

/**
 * What the webview keeps with setState: which run it showed (the host rebuilds the panel from
 * it after a reload) and the reader's settings (restored with getState).
 */
export interface PanelState {
  readonly runDir: string;
  readonly smoothing?: number;
  readonly logScale?: boolean;
}
