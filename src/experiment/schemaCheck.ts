// Structural validation with the shipped JSON Schema (ajv), each error placed at the value
// it is about. The same schema gives editors completion and hover docs.

import Ajv, { type ErrorObject } from 'ajv';
import ajvErrors from 'ajv-errors';
import schema from '../../schemas/rnn-experiment.schema.json';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { excerpt, quoted } from '../diagnostics/excerpt';
import { formatCount } from '../diagnostics/quantities';
import type { JsonDocument, JSONPath } from './jsonDocument';

// verbose: errors carry their parentSchema, whose property names feed "did you mean".
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
ajvErrors(ajv);

// Each layer is validated on its own: within one validation, ajv-errors' custom messages cost
// time for every error found before them, so 10,000 invalid layers in one call took quadratic
// time (21 s); one call per layer keeps the whole check linear.
const wholeSchema = structuredClone(schema) as {
  definitions: { model: { properties: { layers: { items: unknown } } } };
};
wholeSchema.definitions.model.properties.layers.items = {};
const validate = ajv.compile(wholeSchema);
const validateLayer = ajv.compile({ $ref: '#/definitions/layer', definitions: schema.definitions });

/** Problems reported at most; a file with more says how many were left out. */
export const MAX_REPORTED = 1000;

export function schemaDiagnostics(doc: JsonDocument): Diagnostic[] {
  const errors: ErrorObject[] = [];
  if (!validate(doc.value)) for (const e of validate.errors ?? []) errors.push(e);
  const layers = (doc.value as { model?: { layers?: unknown } } | undefined)?.model?.layers;
  if (Array.isArray(layers)) {
    layers.forEach((layer, i) => {
      if (validateLayer(layer)) return;
      for (const e of validateLayer.errors ?? [])
        errors.push({ ...e, instancePath: `/model/layers/${i}${e.instancePath}` });
    });
  }
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  let left = 0;
  for (const error of errors) {
    if (error.keyword === 'if') continue; // its "then" branch reports the actual problem
    if (out.length >= MAX_REPORTED) {
      left++;
      continue;
    }
    const path = toPath(error.instancePath, doc.value);
    const diagnostic = describe(error, path, doc);
    const key = `${diagnostic.line}:${diagnostic.column}:${diagnostic.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(diagnostic);
    }
  }
  if (left > 0)
    out.push(doc.at([], `${formatCount(left)} more problems not shown (the first ${formatCount(MAX_REPORTED)} are)`));
  return out;
}

function describe(error: ErrorObject, path: JSONPath, doc: JsonDocument): Diagnostic {
  const where = fieldPath(path);
  const subject = where ? `${where} ` : '';
  switch (error.keyword) {
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      const message = `missing required field "${missing}"${where ? ` in ${where}` : ''}`;
      return path.length ? doc.atKey(path, message) : doc.at(path, message);
    }
    case 'additionalProperties': {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys(propertiesAt(error.parentSchema));
      const hint = closest(extra, known);
      return doc.atKey(
        [...path, extra],
        `unknown field ${quoted(extra)}${where ? ` in ${where}` : ''}${hint ? ` (did you mean "${hint}"?)` : ''}`,
      );
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues
        .map((v) => JSON.stringify(v))
        .join(', ');
      return doc.at(path, `${subject}must be one of ${allowed}`);
    }
    case 'type':
      return doc.at(path, `${subject}must be ${article((error.params as { type: string | string[] }).type)}`);
    case 'errorMessage':
      return doc.at(path, error.message ?? 'invalid value');
    default:
      return doc.at(path, `${subject}${error.message ?? 'is invalid'}`);
  }
}

/** JSON pointer → jsonc-parser path, with numbers where the document has arrays. */
function toPath(pointer: string, value: unknown): JSONPath {
  if (!pointer) return [];
  const path: JSONPath = [];
  let current = value;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      const index = Number(segment);
      path.push(index);
      current = current[index];
    } else {
      path.push(segment);
      current = (current as Record<string, unknown> | undefined)?.[segment];
    }
  }
  return path;
}

/** model.layers[0].units — how users name a field (a long key cut, as in excerpt). */
function fieldPath(path: JSONPath): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? excerpt(s) : `.${excerpt(s)}`)).join('');
}

function propertiesAt(parentSchema: unknown): Record<string, unknown> {
  return (parentSchema as { properties?: Record<string, unknown> })?.properties ?? {};
}

/** ajv names the allowed types as a string ("number"), a comma list, or an array of them. */
function article(type: string | string[]): string {
  const types = Array.isArray(type) ? type : type.split(',');
  const words = types.map((t) =>
    t === 'integer' ? 'a whole number' : t === 'array' || t === 'object' ? `an ${t}` : `a ${t}`,
  );
  return words.join(' or ');
}

/** The known name within edit distance 2 of a misspelt one, if any (a long name is no misspelling). */
function closest(word: string, candidates: string[]): string | undefined {
  if (word.length > 64) return undefined;
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
