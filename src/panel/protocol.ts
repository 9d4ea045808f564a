// The one message contract between the extension host and the training panel webview.
// The webview says `ready` first; the host then sends `reset` with the run's history and
// streams `append` and `header` after it. The webview is a pure view of what it was sent.

import type { MatrixSnapshot } from '../core/snapshots';
import type { Histogram } from '../core/stats';
import type { RunHeader } from '../runs/runHeader';
import type { RunState } from '../runs/runRecord';
import type { EpochViewFields, ViewMessage, ViewRequest } from './viewsProtocol';

export type { RunHeader };

/** Fractions of one sigmoid gate's activations over an epoch: below 0.1 and above 0.9. */
export interface GateSaturation {
  readonly low: number;
  readonly high: number;
}

/**
 * One epoch's figures, as in metrics.ndjson (an epoch event without its type). Every statistic
 * is optional: lines written by older versions lack the newer ones, and a run without LSTM
 * layers has no dcNorms, without LSTM/GRU layers no gateSaturation. Keys name the parameter
 * (`layer0.Wh`, `layer0.step2.Wh`, `layer1.Wh.f`), the layer (`layer0`) or its gate (`layer1.f`).
 */
/** With accuracy, perplexity and (character models) a sample where the run has them (viewsProtocol.ts). */
export interface EpochPoint extends EpochViewFields {
  readonly epoch: number;
  readonly loss: number;
  readonly valLoss: number | null;
  readonly ms: number;
  /** The learning rate the epoch trained with (absent in runs recorded before schedules). */
  readonly learningRate?: number;
  readonly clippedBatches?: number;
  readonly weightNorms?: Record<string, number>;
  readonly gradNorms?: Record<string, number>;
  /** ‖∂L/∂h_t‖ for t = 0 … T−1, per recurrent layer. */
  readonly dhNorms?: Record<string, number[]>;
  /** ‖∂L/∂c_t‖ for t = 0 … T−1, per LSTM layer: gradient flow through the cell state. */
  readonly dcNorms?: Record<string, number[]>;
  /** Largest singular value of each H×H recurrent block (one per gate for LSTM/GRU). */
  readonly spectralNorms?: Record<string, number>;
  /** Per LSTM/GRU layer and sigmoid gate. */
  readonly gateSaturation?: Record<string, GateSaturation>;
  readonly histograms?: Record<string, Histogram>;
  /** Snapshot epochs only; an LSTM/GRU layer's is its whole (H, G·H) recurrent matrix. */
  readonly whSnapshots?: Record<string, MatrixSnapshot>;
}

export type HostToPanel =
  | { readonly type: 'reset'; readonly runDir: string; readonly header: RunHeader; readonly points: EpochPoint[] }
  | { readonly type: 'append'; readonly points: EpochPoint[] }
  | { readonly type: 'header'; readonly header: RunHeader }
  /** While training: "epoch x/N" as the status bar, notification and CodeLens show it now. */
  | { readonly type: 'progress'; readonly epoch: number; readonly epochs: number }
  /** The run's settings and what it came to: sent after `reset`, and again when the run ends. */
  | { readonly type: 'about'; readonly about: RunAbout }
  /** An answer for the views of what the network learned (viewsProtocol.ts). */
  | { readonly type: 'view'; readonly message: ViewMessage };

export interface Best {
  readonly value: number;
  readonly epoch: number;
}

/** From every epoch of a run (not the downsampled history). */
export interface LossFacts {
  readonly finalLoss: number | null;
  readonly finalValLoss: number | null;
  readonly bestLoss: Best | null;
  readonly bestValLoss: Best | null;
  /** The last epoch's other figures, as recorded: accuracy, perplexity, learningRate, … */
  readonly figures: Record<string, number>;
}

export interface RunAbout extends LossFacts {
  /** The resolved experiment (experiment.json) as flat settings; [] when it cannot be read. */
  readonly settings: { readonly path: string; readonly value: string }[];
}

export type PanelToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'stop' }
  | { readonly type: 'rerun' }
  | { readonly type: 'view'; readonly request: ViewRequest };

/**
 * What the webview keeps with setState: which run it showed (the host rebuilds the panel from
 * it after a reload) and the reader's settings (restored with getState).
 */
export interface PanelState {
  readonly runDir: string;
  readonly smoothing?: number;
  readonly logScale?: boolean;
  /** Where the reader had scrolled to (CSS pixels from the top). */
  readonly scrollY?: number;
  /** Which collapsible sections were open, by element id (absent: as the page starts). */
  readonly open?: Readonly<Record<string, boolean>>;
  /** The epochs the epoch charts showed after a drag (absent: all). */
  readonly zoom?: { readonly min: number; readonly max: number };
  /** The epoch the scrubber showed (absent: the newest, following a live run). */
  readonly epoch?: number;
}

// ── Compare: one panel overlaying the loss curves of 2–7 runs, with the settings that differ.

export interface ComparedRun {
  readonly runDir: string;
  /** Which engine trained it, with what (runs/runEngine.ts): "RNN Lab", "PyTorch 1.13.0 · cpu". */
  readonly engine: string;
  /**
   * What the legend calls it (comparison.ts): the user's label or the sweep trial, else when it
   * ran and what differs; led by the experiment's name when runs of several are compared.
   */
  readonly label: string;
  readonly status: RunState;
  readonly finalLoss: number | null;
  /** The epochs it was to train (Compare's "progress" axis divides by it). */
  readonly epochs: number;
  /** ISO 8601. */
  readonly startedAt: string | null;
  readonly facts: LossFacts;
  /** Downsampled (min/max per bucket) to at most PANEL_MAX_POINTS epochs. */
  readonly points: { readonly epoch: number; readonly loss: number; readonly valLoss: number | null }[];
}

export interface SettingRow {
  readonly path: string;
  /** One per run, in the runs' order; null where a run does not have the setting. */
  readonly values: (string | null)[];
}

export type HostToCompare = { readonly type: 'compare'; readonly runs: ComparedRun[]; readonly settings: SettingRow[] };

export type CompareToHost = { readonly type: 'ready' } | { readonly type: 'open'; readonly runDir: string };

/** Kept with setState: which runs the panel compares (rebuilt from disk after a reload). */
export interface CompareState {
  readonly runDirs: string[];
  readonly logScale?: boolean;
  readonly progress?: boolean;
}
