// The schema the editor's JSON language service reads for *.rnn.json files (package.json
// "jsonValidation"): the shipped schema with its descriptions, defaults and choices (for hover
// and completion) but without the keywords that validate. RNN Lab's own validator checks the
// file against the full schema and reports each problem once, at its value; with the full
// schema the JSON service reported every problem a second time.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Keywords that make the JSON language service report a problem. */
const VALIDATING = new Set([
  'type',
  'required',
  'additionalProperties',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'pattern',
  'not',
  'format',
  'uniqueItems',
  'multipleOf',
  'propertyNames',
  'dependencies',
  'contains',
  'errorMessage',
  'patternErrorMessage',
  'minProperties',
  'maxProperties',
]);

/** A schema without its validating keywords; `enum` and `const` become `examples` (completion). */
export function editorSchema(schema) {
  if (Array.isArray(schema)) return schema.map(editorSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (VALIDATING.has(key)) continue;
    if (key === 'enum') out.examples = value;
    else if (key === 'const') out.examples = [value];
    // An "if" only chooses which "then" applies: it reports nothing, so it keeps its conditions.
    else if (key === 'if' || key === 'default' || key === 'examples') out[key] = value;
    else if (key === 'properties' || key === 'definitions' || key === '$defs') {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, editorSchema(v)]));
    } else out[key] = editorSchema(value);
  }
  return out;
}

const source = JSON.parse(readFileSync(path.join(ROOT, 'schemas/rnn-experiment.schema.json'), 'utf8'));
mkdirSync(path.join(ROOT, 'dist'), { recursive: true });
writeFileSync(
  path.join(ROOT, 'dist/rnn-experiment.editor.schema.json'),
  `${JSON.stringify(editorSchema(source), null, 2)}\n`,
);
