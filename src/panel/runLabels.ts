// Short names for runs where several are side by side (tab titles, Compare's legend): when the
// run started (src/runs/runTime.ts), and what its settings say that the others' do not.

const SHORT: Record<string, string> = {
  learningRate: 'lr',
  batchSize: 'batch',
  validationSplit: 'val split',
  clipNorm: 'clip',
  seqLength: 'T',
};

/** `training.optimizer.learningRate` = 0.003 → "lr 0.003"; `model.layers[1].units` → "layers[1].units 16". */
export function shortSetting(settingPath: string, value: string | null): string {
  const layer = /layers\[(\d+)\]\.(\w+)$/.exec(settingPath);
  const key = layer ? `layers[${layer[1]}].${layer[2]}` : settingPath.slice(settingPath.lastIndexOf('.') + 1);
  return `${SHORT[key] ?? key} ${value ?? '—'}`;
}
