// A resolved experiment (a run's experiment.json) as flat "path = value" settings: the
// hyperparameters a run's tooltip lists, and what Compare diffs between runs.

/** Values longer than this are shortened for display (they are compared in full). */
const MAX_SHOWN = 60;
/** Prose, not a setting. */
const IGNORED = new Set(['description', '$schema']);

export interface Setting {
  readonly path: string;
  /** The value as shown to a reader. */
  readonly shown: string;
  /** The value in full, for equality. */
  readonly exact: string;
}

export function flattenSettings(experiment: unknown): Setting[] {
  const out: Setting[] = [];
  const visit = (value: unknown, at: string) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) {
        if (!(at === '' && IGNORED.has(key))) visit(inner, at ? `${at}.${key}` : key);
      }
    } else if (Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object' && !Array.isArray(v))) {
      // A list of sections (the layers) is a setting per item; an array of numbers (data) is one value.
      value.forEach((inner, i) => visit(inner, `${at}[${i}]`));
    } else {
      const exact = JSON.stringify(value);
      const shown = typeof value === 'string' ? value : exact;
      out.push({ path: at, exact, shown: shown.length > MAX_SHOWN ? shortened(value, shown) : shown });
    }
  };
  visit(experiment, '');
  return out;
}

function shortened(value: unknown, shown: string): string {
  return Array.isArray(value) ? `[${value.length} values]` : `${shown.slice(0, MAX_SHOWN - 1)}…`;
}

export interface SettingDifference {
  readonly path: string;
  /** One per experiment, in order; undefined where that experiment does not have the setting. */
  readonly values: (string | undefined)[];
}

/** Only the settings that are not the same in every experiment, in first-seen order. */
export function settingsDiff(experiments: readonly unknown[]): SettingDifference[] {
  const flat = experiments.map((e) => new Map(flattenSettings(e).map((s) => [s.path, s])));
  const paths = [...new Set(flat.flatMap((m) => [...m.keys()]))];
  return paths
    .filter((p) => new Set(flat.map((m) => m.get(p)?.exact)).size > 1)
    .map((p) => ({ path: p, values: flat.map((m) => m.get(p)?.shown) }));
}
