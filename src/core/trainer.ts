// The one trainer behind the CLI, the extension's worker and the tests. Pure computation:
// deterministic bit for bit from the seed, no I/O; events describe everything it does.

import { BatchAssembler, type Dataset } from './dataset';
import type { LossKind } from './losses';
import type { ComputeThreads } from './kernels/threads';
import { tensorMemory, type KernelChoice, type NativeBlas, type TensorMemory } from './memory';
import { Model, type ModelSpec } from './model';
import { clipGradNorm, createOptimizer, type Optimizer, type OptimizerSpec } from './optimizers';
import type { InitScheme } from './param';
import { Rng } from './rng';
import { epochOrders } from './batchOrder';
import { Dropout } from './dropout';
import { EarlyStopping, type EarlyStoppingSpec, type Monitor } from './earlyStopping';
import { LearningRateSchedule, type ScheduleSpec } from './schedules';
import { isSnapshotEpoch, snapshot, type MatrixSnapshot } from './snapshots';
import { isStatEpoch } from './statEpochs';
import { MetricsMeter, type EpochMetrics } from './metrics';
import { activationOf, type LayerType } from './layers/index';
import {
  allFinite,
  GradientAccumulator,
  histogram,
  l2Norm,
  SaturationAccumulator,
  SpectralNorm,
  type Histogram,
} from './stats';
import type { DType } from './tensor';
import { isTracedEpoch, type TraceEvent, type TraceMode } from './trace';
import { exportWeights, importWeights } from './weights';

export interface TrainingSpec {
  readonly epochs: number;
  readonly batchSize: number | 'full';
  readonly shuffle: boolean;
  readonly loss: LossKind;
  readonly optimizer: OptimizerSpec;
  readonly clipNorm?: number;
  /** The learning rate per epoch (schedules.ts); constant when absent. */
  readonly schedule?: ScheduleSpec;
  /** Stop when the monitored loss stops improving (earlyStopping.ts). */
  readonly earlyStopping?: EarlyStoppingSpec;
  /** Threads for the matrix products (1 = the trainer's own only); absent: the host decides. */
  readonly threads?: number;
}

export interface TrainerConfig {
  readonly seed: number;
  readonly dtype: DType;
  readonly model: ModelSpec;
  /** A scheme, or a parsed `rnn-lab/weights@1` document to start from. */
  readonly init: InitScheme | { readonly weights: unknown };
  readonly training: TrainingSpec;
  readonly trace: TraceMode;
  readonly train: Dataset;
  readonly validation?: Dataset;
  /**
   * Matrix kernels: "auto" (default) takes the WebAssembly SIMD kernels where the runtime has
   * them and the reference TS loops elsewhere; "reference" and "wasm" force one (tests, bench).
   */
  readonly kernels?: KernelChoice;
  /**
   * Helper threads for large products and recurrences (the host starts them: src/threads/computeThreads.ts);
   * absent or 0 helpers: one thread. Results are the same for any count.
   */
  readonly threads?: ComputeThreads;
  /**
   * The machine's BLAS for the large products, found and checked by the host (src/blas/);
   * absent: our WebAssembly kernels compute them.
   */
  readonly blas?: NativeBlas;
}

/** How a trainer computes (run.json's compute, the start line): see TensorMemory. */
export interface TrainerCompute {
  readonly kernels: TensorMemory['kernelName'];
  /** The BLAS library that computes the large products; absent: the kernels above do. */
  readonly blas?: string;
  /** Threads in all, the trainer's own included. */
  readonly threads: number;
  /** Why that BLAS or none: the host's note (src/blas/choose.ts), added to the start event it passes on. */
  readonly blasNote?: string;
}

export interface LayerSummary {
  readonly index: number;
  readonly kind: LayerType;
  readonly units: number;
  readonly activation: string;
  readonly parameters: number;
}

export interface StartEvent {
  readonly type: 'start';
  readonly epochs: number;
  readonly trainSamples: number;
  readonly validationSamples: number;
  readonly batchesPerEpoch: number;
  readonly layers: LayerSummary[];
  readonly totalParameters: number;
  readonly compute: TrainerCompute;
}

/**
 * With accuracy and perplexity where the loss has them (core/metrics.ts). The statistics
 * (weightNorms … whSnapshots) are computed and sent only on the epochs that keep them
 * (statEpochs.ts isStatEpoch); the other epochs carry the scalars alone.
 */
export interface EpochEvent extends EpochMetrics, Partial<EpochStatistics> {
  readonly type: 'epoch';
  readonly epoch: number;
  readonly epochs: number;
  /** Sample-weighted mean of each batch's loss, computed before that batch's update. */
  readonly loss: number;
  readonly valLoss: number | null;
  /** The learning rate this epoch trained with (the optimizer's, or the schedule's for the epoch). */
  readonly learningRate: number;
  readonly ms: number;
  /** Batches whose gradient clipNorm scaled down. */
  readonly clippedBatches: number;
}

/** What a statistics epoch adds to its event (the other epochs leave it out). */
export interface EpochStatistics {
  /** ‖w‖₂ per parameter after the epoch's updates. */
  readonly weightNorms: Record<string, number>;
  /** Sample-weighted mean over batches of ‖∂L/∂w‖₂ per parameter, before clipping. */
  readonly gradNorms: Record<string, number>;
  /** ‖∂L/∂h[t]‖ for t = 0 … T−1 per recurrent layer ("layer0"), sample-weighted over batches. */
  readonly dhNorms: Record<string, number[]>;
  /** ‖∂L/∂c[t]‖ likewise per lstm layer; absent without lstm layers. */
  readonly dcNorms?: Record<string, number[]>;
  /**
   * Largest singular value of each H×H recurrent matrix (an upper bound of its spectral
   * radius): each Wh of rnn layers ("layer0.Wh"), each gate's block of lstm and gru ("layer1.Wh.f").
   */
  readonly spectralNorms: Record<string, number>;
  /**
   * Per layer and sigmoid gate ("layer1.f"), the fraction of activations below 0.1 and above
   * 0.9 over the epoch's batches (sample-weighted); absent without lstm or gru layers.
   */
  readonly gateSaturation?: Record<string, GateSaturationFractions>;
  /** 20-bin histogram of each weight matrix. */
  readonly histograms: Record<string, Histogram>;
  /** Each Wh, block-averaged to ≤ 32×32, on snapshot epochs only (see core/snapshots). */
  readonly whSnapshots?: Record<string, MatrixSnapshot>;
}

export interface GateSaturationFractions {
  readonly low: number;
  readonly high: number;
}

export type FinalStatus = 'completed' | 'cancelled' | 'diverged';

export interface DoneEvent {
  readonly type: 'done';
  readonly status: FinalStatus;
  readonly epochsCompleted: number;
  readonly finalLoss: number | null;
  readonly finalValLoss: number | null;
  /** Why training stopped early, e.g. "diverged at epoch 4: loss is not finite (NaN)". */
  readonly message?: string;
  /** Set when early stopping ended training before its last epoch. */
  readonly stoppedEarly?: boolean;
  /** With earlyStopping.restoreBest: the epoch whose weights the trainer holds at the end. */
  readonly restoredEpoch?: number;
}

export type TrainEvent = StartEvent | TraceEvent | EpochEvent | DoneEvent;

export class DivergedError extends Error {}

export class Trainer {
  readonly model: Model;
  private readonly optimizer: Optimizer;
  private readonly schedule: LearningRateSchedule;
  readonly earlyStopping: EarlyStopping | undefined;
  private readonly orders: Generator<Uint32Array, never, void>;
  /** The sample order of the current epoch (data order before the first). */
  private order: Uint32Array;
  private readonly batchSize: number;
  private readonly trainBatches: BatchAssembler;
  private readonly validationBatches: BatchAssembler | undefined;
  private readonly accumulator: GradientAccumulator;
  private readonly spectral: Map<string, SpectralNorm>;
  private readonly saturation: SaturationAccumulator;
  private readonly metrics: MetricsMeter;
  epochsCompleted = 0;
  lastEpoch: EpochEvent | undefined;
  /** Whether the epoch being trained keeps its statistics (statEpochs.ts). */
  private statsEpoch = true;

  constructor(readonly config: TrainerConfig) {
    const memory = tensorMemory(config.dtype, config.kernels ?? 'auto', config.blas);
    if (config.threads) memory.useThreads?.(config.threads);
    this.model = new Model(config.model, memory);
    if (config.model.dropout)
      this.model.dropout = new Dropout(config.model.dropout, new Rng(config.seed, 'dropout'), memory);
    if (typeof config.init === 'string') {
      this.model.initialise(config.init, new Rng(config.seed, 'init'));
    } else {
      // The loader checked this document against the model and placed every problem in the
      // weights file (experiment/load.ts); here a problem is a caller that skipped the loader.
      const problems = importWeights(this.model, config.init.weights);
      if (problems.length > 0)
        throw new Error(`init weights do not fit the model: ${problems.map((p) => p.message).join('; ')}`);
    }
    this.optimizer = createOptimizer(config.training.optimizer, this.model.params);
    this.schedule = new LearningRateSchedule(config.training.schedule, config.training.optimizer.learningRate);
    this.earlyStopping =
      config.training.earlyStopping && new EarlyStopping(config.training.earlyStopping, this.model.params);
    const n = config.train.count;
    const requested = config.training.batchSize;
    this.batchSize = requested === 'full' ? n : Math.min(requested, n);
    this.orders = epochOrders(config.seed, n, this.batchSize, config.training.shuffle);
    this.order = Uint32Array.from({ length: n }, (_, i) => i);
    this.trainBatches = new BatchAssembler(config.train, this.model.memory);
    this.validationBatches =
      config.validation && config.validation.count > 0
        ? new BatchAssembler(config.validation, this.model.memory)
        : undefined;
    const recurrent = this.model.recurrentLayers;
    this.accumulator = new GradientAccumulator(this.model.params, [
      ...recurrent.map((l) => l.norms.dh),
      ...recurrent.map((l) => l.norms.dc),
    ]);
    this.spectral = new Map(
      recurrent.flatMap((l) => l.recurrentBlocks().map((b) => [b.name, new SpectralNorm(l.units)] as const)),
    );
    this.saturation = new SaturationAccumulator(recurrent);
    this.metrics = new MetricsMeter(config.training.loss);
  }

  startEvent(): StartEvent {
    const layers = this.model.layers.map((l) => ({
      index: l.index,
      kind: l.kind,
      units: l.units,
      activation: activationOf(l.spec),
      parameters: l.params.reduce((s, p) => s + p.value.length, 0),
    }));
    return {
      type: 'start',
      epochs: this.config.training.epochs,
      trainSamples: this.config.train.count,
      validationSamples: this.config.validation?.count ?? 0,
      batchesPerEpoch: Math.ceil(this.config.train.count / this.batchSize),
      layers,
      totalParameters: layers.reduce((s, l) => s + l.parameters, 0),
      compute: this.compute,
    };
  }

  get compute(): TrainerCompute {
    const memory = this.model.memory;
    // The reference memory has no helper threads: it computes on one, whatever was asked.
    const threads = memory.useThreads && this.config.threads ? this.config.threads.helpers + 1 : 1;
    return { kernels: memory.kernelName, ...(memory.blas ? { blas: memory.blas } : {}), threads };
  }

  /**
   * One epoch, suspended after every batch so a caller can keep an event loop turning and
   * stop between batches. Returns the epoch's statistics; throws DivergedError on a
   * non-finite loss or gradient (before the update that would spread it).
   */
  *epoch(onTrace?: (e: TraceEvent) => void): Generator<void, EpochEvent, void> {
    const started = performance.now();
    const { training } = this.config;
    const epoch = this.epochsCompleted + 1;
    const traced = onTrace && isTracedEpoch(this.config.trace, epoch);
    // Statistics cost a pass over every gradient per batch and over every weight per epoch:
    // only on the epochs that keep them (a tiny model spent a third of its time on them).
    this.statsEpoch = isStatEpoch(epoch, training.epochs);
    const learningRate = this.schedule.rateFor(epoch);
    this.optimizer.learningRate = learningRate;
    this.order = this.orders.next().value;
    this.accumulator.reset();
    this.saturation.reset();
    this.metrics.train.reset();
    let lossSum = 0;
    const n = this.order.length;
    for (let start = 0; start < n; start += this.batchSize) {
      const B = Math.min(this.batchSize, n - start);
      lossSum += this.trainBatch(start, B, traced && start === 0 ? onTrace : undefined, epoch) * B;
      if (start + this.batchSize < n) yield;
    }
    this.epochsCompleted = epoch;
    const valLoss = this.validationLoss();
    if (valLoss !== null && !Number.isFinite(valLoss)) {
      throw new DivergedError(`diverged at epoch ${epoch}: validation loss is not finite (${valLoss})`);
    }
    this.schedule.endEpoch(epoch, valLoss ?? lossSum / n);
    const event: EpochEvent = {
      type: 'epoch',
      epoch,
      epochs: training.epochs,
      loss: lossSum / n,
      valLoss,
      learningRate,
      ...this.metrics.fields(lossSum / n, valLoss),
      ms: performance.now() - started,
      clippedBatches: this.accumulator.clippedBatches,
      ...(this.statsEpoch ? this.statistics() : {}),
      ...(isSnapshotEpoch(epoch, training.epochs) ? { whSnapshots: this.whSnapshots() } : {}),
    };
    this.lastEpoch = event;
    return event;
  }

  /**
   * One optimisation step — forward, backward, update — on the samples order[start, start+B).
   * Returns the batch's loss. (Public for the benchmark, which times exactly this.)
   */
  trainBatch(start: number, B: number, onTrace?: (e: TraceEvent) => void, epoch = this.epochsCompleted + 1): number {
    const { training } = this.config;
    const model = this.model;
    const { x, y } = this.trainBatches.gather(this.order, start, B);
    model.zeroGrads();
    model.training = true;
    const prediction = model.forward(x, B, onTrace, epoch);
    this.metrics.train.add(prediction, y);
    const loss = model.lossAndBackward(prediction, y, training.loss, B);
    model.training = false;
    if (!Number.isFinite(loss)) throw new DivergedError(`diverged at epoch ${epoch}: loss is not finite (${loss})`);
    const bad = this.accumulator.addBatch(B, this.statsEpoch);
    if (this.statsEpoch) this.saturation.addBatch(B);
    if (bad >= 0)
      throw new DivergedError(`diverged at epoch ${epoch}: ${describeParam(model, bad)} has a non-finite gradient`);
    if (training.clipNorm !== undefined && clipGradNorm(model.params, training.clipNorm).clipped) {
      this.accumulator.clippedBatches++;
    }
    this.optimizer.step(model.params);
    // A finite gradient can still overflow the weights (a learning rate of 1e308): stop before
    // the next batch computes on them, and keep no weights that are not numbers.
    const broken = model.params.findIndex((p) => !allFinite(p.value));
    if (broken >= 0)
      throw new DivergedError(`diverged at epoch ${epoch}: the update made ${describeParam(model, broken)} not finite`);
    return loss;
  }

  /** Mean loss over the held-out samples with the current weights, or null without any. */
  validationLoss(): number | null {
    const data = this.config.validation;
    if (!data || !this.validationBatches) return null;
    const order = Uint32Array.from({ length: data.count }, (_, i) => i);
    this.metrics.validation.reset();
    let sum = 0;
    for (let start = 0; start < data.count; start += this.batchSize) {
      const B = Math.min(this.batchSize, data.count - start);
      const { x, y } = this.validationBatches.gather(order, start, B);
      const prediction = this.model.forward(x, B);
      this.metrics.validation.add(prediction, y);
      sum += this.model.loss(prediction, y, this.config.training.loss) * B;
    }
    return sum / data.count;
  }

  /** Ends the helper threads, if any; the trainer's results stay readable. */
  dispose(): void {
    this.model.memory.dispose?.();
  }

  weights(metadata: Record<string, unknown> = {}): Record<string, unknown> {
    return exportWeights(this.model, metadata);
  }

  private whSnapshots(): Record<string, MatrixSnapshot> {
    const out: Record<string, MatrixSnapshot> = {};
    for (const layer of this.model.recurrentLayers) {
      for (const w of layer.weights) out[w.Wh.name] = snapshot(w.Wh.value, w.Wh.shape[0], w.Wh.shape[1]);
    }
    return out;
  }

  /** Weight, gradient and gradient-flow statistics of the epoch just run (public for the benchmark). */
  statistics(): Omit<EpochStatistics, 'whSnapshots'> {
    const weightNorms: Record<string, number> = {};
    const gradNorms: Record<string, number> = {};
    const histograms: Record<string, Histogram> = {};
    this.model.params.forEach((p, k) => {
      weightNorms[p.name] = l2Norm(p.value);
      gradNorms[p.name] = this.accumulator.gradNorm(k);
      if (p.shape.length === 2) histograms[p.name] = histogram(p.value);
    });
    const dhNorms: Record<string, number[]> = {};
    const dcNorms: Record<string, number[]> = {};
    const spectralNorms: Record<string, number> = {};
    const recurrent = this.model.recurrentLayers;
    recurrent.forEach((layer, l) => {
      dhNorms[`layer${layer.index}`] = this.accumulator.flowMeans(l);
      if (layer.cell.hasCellState) dcNorms[`layer${layer.index}`] = this.accumulator.flowMeans(recurrent.length + l);
      for (const b of layer.recurrentBlocks()) {
        spectralNorms[b.name] = this.spectral.get(b.name)!.estimate(b.Wh.value, b.Wh.shape[1], b.column);
      }
    });
    const gateSaturation = this.saturation.fractions();
    return {
      weightNorms,
      gradNorms,
      dhNorms,
      spectralNorms,
      histograms,
      ...(Object.keys(dcNorms).length > 0 ? { dcNorms } : {}),
      ...(gateSaturation ? { gateSaturation } : {}),
    };
  }
}

function describeParam(model: Model, k: number): string {
  const param = model.params[k];
  const layer = model.layers.find((l) => l.params.includes(param))!;
  const local = param.name.slice(`layer${layer.index}.`.length);
  return `layer ${layer.index} (${layer.kind}) ${local}`;
}

export interface TrainOptions {
  readonly signal?: AbortSignal;
  /** Longest stretch of computation between two turns of the event loop, in ms. */
  readonly sliceMs?: number;
  /**
   * Gives the event loop a turn. The default, setTimeout(0), works everywhere but waits ~1 ms
   * in Node; Node callers pass setImmediate (8 % of a tiny model's time otherwise).
   */
  readonly yieldToEventLoop?: () => Promise<void>;
}

/**
 * Trains to the end (the caller keeps the trainer to read its weights), yielding start, trace, epoch and done events. Between batches it gives
 * the event loop a turn every `sliceMs` so that an abort (SIGINT, a Stop button) is heard.
 */
export async function* train(trainer: Trainer, options: TrainOptions = {}): AsyncGenerator<TrainEvent, void, void> {
  const {
    signal,
    sliceMs = 15,
    yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0)),
  } = options;
  const { config } = trainer;
  yield trainer.startEvent();
  let sliceStart = performance.now();
  const done = (status: FinalStatus, message?: string): DoneEvent => ({
    type: 'done',
    status,
    epochsCompleted: trainer.epochsCompleted,
    finalLoss: trainer.lastEpoch?.loss ?? null,
    finalValLoss: trainer.lastEpoch?.valLoss ?? null,
    ...(message ? { message } : {}),
  });
  for (let e = 0; e < config.training.epochs; e++) {
    const traces: TraceEvent[] = [];
    const steps = trainer.epoch((t) => traces.push(t));
    let result: IteratorResult<void, EpochEvent>;
    try {
      for (;;) {
        result = steps.next();
        if (performance.now() - sliceStart > sliceMs) {
          await yieldToEventLoop();
          sliceStart = performance.now();
        }
        if (result.done) break;
        if (signal?.aborted) {
          yield done('cancelled', `cancelled during epoch ${trainer.epochsCompleted + 1}`);
          return;
        }
      }
    } catch (err) {
      if (!(err instanceof DivergedError)) throw err;
      yield* traces;
      yield done('diverged', err.message);
      return;
    }
    yield* traces;
    yield result.value;
    if (signal?.aborted && e + 1 < config.training.epochs) {
      yield done('cancelled', `cancelled after epoch ${trainer.epochsCompleted}`);
      return;
    }
    const stopping = trainer.earlyStopping;
    if (
      stopping?.observe(result.value.epoch, monitored(stopping.spec.monitor, result.value)) &&
      e + 1 < config.training.epochs
    ) {
      const { monitor, minDelta, patience } = stopping.spec;
      const why =
        `stopped early at epoch ${result.value.epoch}: ${monitor} did not improve by more than ${minDelta} for ${patience} epochs ` +
        `(best ${stopping.bestValue.toPrecision(6)} at epoch ${stopping.bestEpoch})`;
      yield { ...finish(trainer, done('completed', why)), stoppedEarly: true };
      return;
    }
  }
  yield finish(trainer, done('completed'));
}

/** The value early stopping watches: the validation loss when there is one (else the training loss). */
function monitored(monitor: Monitor, e: EpochEvent): number {
  return monitor === 'valLoss' && e.valLoss !== null ? e.valLoss : e.loss;
}

/** At a normal end: with restoreBest, the best epoch's weights go back into the model. */
function finish(trainer: Trainer, event: DoneEvent): DoneEvent {
  const stopping = trainer.earlyStopping;
  if (!stopping?.spec.restoreBest || !stopping.restore()) return event;
  if (stopping.bestEpoch === trainer.epochsCompleted) return { ...event, restoredEpoch: stopping.bestEpoch };
  const restored = `weights of epoch ${stopping.bestEpoch} restored`;
  return {
    ...event,
    restoredEpoch: stopping.bestEpoch,
    message: event.message ? `${event.message}; ${restored}` : restored,
  };
}
