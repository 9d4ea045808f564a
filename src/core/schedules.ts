// Learning-rate schedules, stepped once per epoch as torch.optim.lr_scheduler steps them
// (scheduler.step() after each epoch), with an optional linear warmup in front:
//   warmup W: epochs 1…W train at lr·e/W — torch's LinearLR(start_factor=1/W, total_iters=W−1) —
//   then the schedule starts at epoch W+1 as if that were its first epoch (SequentialLR).
//   step:        lr·γ^⌊k/stepSize⌋                       (StepLR)
//   exponential: lr·γ^k                                  (ExponentialLR)
//   cosine:      η_min + (lr − η_min)·(1 + cos(π·k/tMax))/2 (CosineAnnealingLR)
//   plateau:     ReduceLROnPlateau on the monitored loss: × factor after more than `patience`
//                epochs without a relative improvement of `threshold`, then `cooldown` epochs
//                of rest; never below minLearningRate
// where k = epochs since the schedule started (0 for its first epoch).

export interface StepScheduleSpec {
  readonly type: 'step';
  readonly stepSize: number;
  readonly gamma: number;
  readonly warmup?: number;
}

export interface ExponentialScheduleSpec {
  readonly type: 'exponential';
  readonly gamma: number;
  readonly warmup?: number;
}

export interface CosineScheduleSpec {
  readonly type: 'cosine';
  readonly tMax: number;
  readonly minLearningRate: number;
  readonly warmup?: number;
}

export interface PlateauScheduleSpec {
  readonly type: 'plateau';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly cooldown: number;
  readonly minLearningRate: number;
  readonly warmup?: number;
}

export type ScheduleSpec = StepScheduleSpec | ExponentialScheduleSpec | CosineScheduleSpec | PlateauScheduleSpec;

/** torch's ReduceLROnPlateau eps: a reduction smaller than this is not made. */
const PLATEAU_EPS = 1e-8;

export class LearningRateSchedule {
  /** ReduceLROnPlateau's state: the current rate, the best loss, and its counters. */
  private plateauRate: number;
  private best = Infinity;
  private badEpochs = 0;
  private cooldownLeft = 0;

  constructor(
    private readonly spec: ScheduleSpec | undefined,
    private readonly baseRate: number,
  ) {
    this.plateauRate = baseRate;
  }

  /** The rate epoch `epoch` (1-based) trains with. */
  rateFor(epoch: number): number {
    const spec = this.spec;
    if (!spec) return this.baseRate;
    const warmup = spec.warmup ?? 0;
    if (epoch <= warmup) return (this.baseRate * epoch) / warmup;
    const k = epoch - warmup - 1;
    switch (spec.type) {
      case 'step':
        return this.baseRate * spec.gamma ** Math.floor(k / spec.stepSize);
      case 'exponential':
        return this.baseRate * spec.gamma ** k;
      case 'cosine': {
        const min = spec.minLearningRate;
        return min + ((this.baseRate - min) * (1 + Math.cos((Math.PI * k) / spec.tMax))) / 2;
      }
      case 'plateau':
        return this.plateauRate;
      default:
        return unhandled(spec);
    }
  }

  /** After epoch `epoch`: what ReduceLROnPlateau sees (the validation loss, else the training loss). */
  endEpoch(epoch: number, monitored: number): void {
    const spec = this.spec;
    if (spec?.type !== 'plateau' || epoch <= (spec.warmup ?? 0)) return;
    if (monitored < this.best * (1 - spec.threshold)) {
      this.best = monitored;
      this.badEpochs = 0;
    } else {
      this.badEpochs++;
    }
    if (this.cooldownLeft > 0) {
      this.cooldownLeft--;
      this.badEpochs = 0;
    }
    if (this.badEpochs > spec.patience) {
      const reduced = Math.max(this.plateauRate * spec.factor, spec.minLearningRate);
      if (this.plateauRate - reduced > PLATEAU_EPS) this.plateauRate = reduced;
      this.cooldownLeft = spec.cooldown;
      this.badEpochs = 0;
    }
  }
}

function unhandled(spec: never): never {
  throw new Error(`unknown schedule ${JSON.stringify(spec)}`);
}
