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
  return schemaCheck(doc).diagnostics;
}

/**
 * The schema's problems, and where each is (the paths tell which parts of the file the later
 * checks can still trust). One mistake gives one problem: a misspelt required field is named
 * once, as unknown with its suggestion, not also as missing.
 */
export function schemaCheck(doc: JsonDocument): { diagnostics: Diagnostic[]; paths: JSONPath[] } {
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
  const paths: JSONPath[] = [];
  const seen = new Set<string>();
  const misspelt = misspeltRequired(errors);
  let left = 0;
  for (const error of errors) {
    if (error.keyword === 'if') continue; // its "then" branch reports the actual problem
    if (misspelt.has(requiredKey(error))) continue; // named by the unknown field's "did you mean"
    if (out.length >= MAX_REPORTED) {
      left++;
      continue;
    }
    const path = toPath(error.instancePath, doc.value);
    const diagnostic = describe(error, path, doc, valueAt(doc.value, path));
    const key = `${diagnostic.line}:${diagnostic.column}:${diagnostic.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(diagnostic);
      paths.push(path);
    }
  }
  if (left > 0)
    out.push(doc.at([], `${formatCount(left)} more problems not shown (the first ${formatCount(MAX_REPORTED)} are)`));
  return { diagnostics: out, paths };
}

/** "instancePath missingProperty" of each required field that an unknown field beside it misspells. */
function misspeltRequired(errors: readonly ErrorObject[]): Set<string> {
  const keys = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties') continue;
    const extra = (e.params as { additionalProperty: string }).additionalProperty;
    const hint = closest(extra, Object.keys(propertiesAt(e.parentSchema)));
    if (hint) keys.add(`${e.instancePath} ${hint}`);
  }
  return keys;
}

function requiredKey(e: ErrorObject): string {
  return e.keyword === 'required'
    ? `${e.instancePath} ${(e.params as { missingProperty: string }).missingProperty}`
    : '';
}

/** ` (did you mean "tanh"?)` for a string value near one of the values allowed there. */
function valueHint(error: ErrorObject, value: unknown): string {
  if (typeof value !== 'string') return '';
  const allowed = [error, ...((error.params as { errors?: ErrorObject[] }).errors ?? [])]
    .filter((e) => e.keyword === 'enum')
    .flatMap((e) => (e.params as { allowedValues: unknown[] }).allowedValues)
    .filter((v): v is string => typeof v === 'string');
  const hint = closest(value, allowed);
  return hint && hint !== value ? ` (did you mean "${hint}"?)` : '';
}

function valueAt(value: unknown, path: JSONPath): unknown {
  return path.reduce<unknown>((v, s) => (v as Record<string | number, unknown> | undefined)?.[s], value);
}

function describe(error: ErrorObject, path: JSONPath, doc: JsonDocument, value: unknown): Diagnostic {
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
      return doc.at(path, `${subject}must be one of ${allowed}${valueHint(error, value)}`);
    }
    case 'type':
      return doc.at(path, `${subject}must be ${article((error.params as { type: string | string[] }).type)}`);
    case 'errorMessage':
      return doc.at(path, `${error.message ?? 'invalid value'}${valueHint(error, value)}`);
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
