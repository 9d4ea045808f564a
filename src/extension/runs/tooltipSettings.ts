// The settings a run's tooltip lists: what the experiment had to say (its data, its layers'
// types and sizes, epochs, loss, optimizer and rate) and every other setting only where it
// differs from the default, instead of a ~30-row table of defaults. Pure.

import { JsonDocument } from '../../experiment/jsonDocument';
import { draftExperiment } from '../../experiment/resolve';
import { flattenSettings, type Setting } from '../../runs/settingsDiff';

/** The parts of a recorded experiment.json the essentials come from (any of them may be missing). */
interface Recorded {
  readonly data?: unknown;
  readonly model?: { readonly layers?: readonly { readonly type?: unknown; readonly units?: unknown }[] };
  readonly training?: {
    readonly epochs?: unknown;
    readonly loss?: unknown;
    readonly optimizer?: { readonly type?: unknown; readonly learningRate?: unknown };
  };
}

/** The least experiment file that resolves to the same data, layers and training essentials. */
function essentials(e: Recorded): unknown {
  const layers: NonNullable<NonNullable<Recorded['model']>['layers']> = Array.isArray(e.model?.layers)
    ? e.model.layers
    : [];
  return {
    data: e.data,
    model: { layers: layers.map((l) => ({ type: l?.type, units: l?.units })) },
    training: {
      epochs: e.training?.epochs,
      loss: e.training?.loss,
      optimizer: { type: e.training?.optimizer?.type, learningRate: e.training?.optimizer?.learningRate },
    },
  };
}

/** The recorded experiment's settings that say something: the essentials, then what is not a default. */
export function settingsWorthShowing(recorded: unknown): Setting[] {
  const all = flattenSettings(recorded).filter((s) => s.path !== 'name' && s.path !== 'description');
  const minimal = essentials(recorded ?? {});
  const required = new Set(flattenSettings(minimal).map((s) => s.path));
  const defaults = draftExperiment(new JsonDocument('/defaults.rnn.json', JSON.stringify(minimal)));
  if (!defaults) return all;
  const byDefault = new Map(flattenSettings(defaults).map((s) => [s.path, s.exact]));
  return all.filter((s) => required.has(s.path) || byDefault.get(s.path) !== s.exact);
}
