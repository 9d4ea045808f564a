// The one message contract between the extension host and the training panel webview.
// The webview says `ready` first; the host then sends `reset` with the run's history and
// streams `append` and `header` after it. The webview is a pure view of what it was sent.

import type { EpochEvent } from '../core/trainer';
import type { RunHeader } from '../runs/runHeader';
import type { RunState } from '../runs/runRecord';

export type { RunHeader };

/** One epoch's figures, as in metrics.ndjson (an epoch event without its type). */
export type EpochPoint = Omit<EpochEvent, 'type' | 'epochs'>;

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

// ── Compare: one panel overlaying the loss curves of 2–7 runs, with the settings that differ.

export interface ComparedRun {
  readonly runDir: string;
  /** The run directory's name: unique, and says which experiment and when. */
  readonly label: string;
  readonly status: RunState;
  readonly finalLoss: number | null;
  /** Downsampled (min/max per bucket) to at most PANEL_MAX_POINTS epochs. */
  readonly points: { readonly epoch: number; readonly loss: number; readonly valLoss: number | null }[];
}

export interface SettingRow {
  readonly path: string;
  /** One per run, in the runs' order; null where a run does not have the setting. */
  readonly values: (string | null)[];
}

export type HostToCompare = { readonly type: 'compare'; readonly runs: ComparedRun[]; readonly settings: SettingRow[] };

export type CompareToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'open'; readonly runDir: string };

/** Kept with setState: which runs the panel compares (rebuilt from disk after a reload). */
export interface CompareState {
  readonly runDirs: string[];
  readonly logScale?: boolean;
}
