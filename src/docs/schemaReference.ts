// docs/reference/experiment-format.md, written from the experiment's JSON schema alone: every
// object of the format is a section, every field a row with its type, default and description.
// A field added to the schema appears here; test/docs/generated.test.ts fails until the
// committed page is written again (`npm run docs`).

import { code, generatedBanner, table } from './markdown';

/** The parts of JSON Schema (draft-07) the experiment schema uses. */
export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  description?: string;
  default?: unknown;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  required?: string[];
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  allOf?: { then?: SchemaNode }[];
  definitions?: Record<string, SchemaNode>;
}

/** One field of the format: its path as written in a file (`model.layers[].units`) and its schema. */
export interface SchemaField {
  path: string;
  node: SchemaNode;
  required: boolean;
}

/** One object of the format: where it sits and its fields, in the schema's order. */
interface ObjectSection {
  path: string;
  node: SchemaNode;
  fields: SchemaField[];
}

function resolve(root: SchemaNode, node: SchemaNode): SchemaNode {
  if (!node.$ref) return node;
  const name = /^#\/definitions\/(.+)$/.exec(node.$ref)?.[1];
  const target = name === undefined ? undefined : root.definitions?.[name];
  if (!target) throw new Error(`schema: unresolved $ref ${node.$ref}`);
  return { ...target, ...node, $ref: undefined };
}

function alternatives(node: SchemaNode): SchemaNode[] {
  return node.anyOf ?? node.oneOf ?? [];
}

/**
 * A field the schema types only in `allOf` branches (a layer's `activation`: one list per layer
 * type) gets the union of those lists, in the order they are first named.
 */
function withConditionalValues(parent: SchemaNode, name: string, node: SchemaNode): SchemaNode {
  if (node.type !== undefined || node.enum || node.const !== undefined || alternatives(node).length) return node;
  const values = (parent.allOf ?? []).flatMap((branch) => branch.then?.properties?.[name]?.enum ?? []);
  return values.length ? { ...node, enum: [...new Set(values)] } : node;
}

/** Every object of the format with properties, depth first, in the schema's order. */
function objectSections(root: SchemaNode): ObjectSection[] {
  const sections: ObjectSection[] = [];
  const visit = (path: string, raw: SchemaNode): void => {
    const node = resolve(root, raw);
    if (node.properties) {
      const required = new Set(node.required ?? []);
      const fields = Object.entries(node.properties).map(([name, child]) => ({
        path: path ? `${path}.${name}` : name,
        node: withConditionalValues(node, name, resolve(root, child)),
        required: required.has(name),
      }));
      sections.push({ path, node, fields });
      for (const field of fields) visit(field.path, field.node);
    }
    if (typeof node.additionalProperties === 'object') visit(`${path}.<key>`, node.additionalProperties);
    if (node.items) visit(`${path}[]`, node.items);
    for (const alternative of alternatives(node)) visit(path, alternative);
  };
  visit('', root);
  return sections;
}

/** Every field path of the format (`training.optimizer.learningRate`, `model.layers[].type`, …). */
export function schemaFields(root: SchemaNode): SchemaField[] {
  return objectSections(root).flatMap((section) => section.fields);
}

function literal(value: unknown): string {
  return code(JSON.stringify(value));
}

function bounds(node: SchemaNode): string[] {
  const out: string[] = [];
  if (node.minimum !== undefined) out.push(`≥ ${node.minimum}`);
  if (node.exclusiveMinimum !== undefined) out.push(`> ${node.exclusiveMinimum}`);
  if (node.maximum !== undefined) out.push(`≤ ${node.maximum}`);
  if (node.exclusiveMaximum !== undefined) out.push(`< ${node.exclusiveMaximum}`);
  if (node.minItems !== undefined && node.minItems > 0) out.push(`≥ ${node.minItems} items`);
  if (node.maxLength !== undefined) out.push(`≤ ${node.maxLength} characters`);
  return out;
}

/** A type as a reader wants it: `"grid"` \| `"random"`, integer ≥ 1, array of number, object. */
export function typeText(root: SchemaNode, raw: SchemaNode): string {
  const node = resolve(root, raw);
  if (node.const !== undefined) return literal(node.const);
  if (node.enum) return node.enum.map(literal).join(' | ');
  const alts = alternatives(node);
  if (alts.length) return alts.map((alt) => typeText(root, alt)).join(' or ');
  const types = node.type === undefined ? [] : Array.isArray(node.type) ? node.type : [node.type];
  let text = types.join(' or ') || 'any';
  if (types.includes('array') && node.items) text = `array of (${typeText(root, node.items)})`;
  const limits = bounds(node);
  return limits.length ? `${text} ${limits.join(', ')}` : text;
}

function defaultText(node: SchemaNode): string {
  return node.default === undefined ? '—' : literal(node.default);
}

/** A GitHub heading anchor's text for a section: `model.layers[]` → the section heading. */
function heading(path: string): string {
  return path === '' ? 'The experiment file' : code(path);
}

export function renderSchemaReference(root: SchemaNode, sourcePath: string): string {
  const lines: string[] = [
    generatedBanner(sourcePath),
    '',
    '# Experiment format reference (`*.rnn.json`)',
    '',
    `Every field of an experiment file, generated from the JSON schema (\`${sourcePath}\`). A type`,
    "in a row names what the schema accepts; the default is the schema's (what the editor offers; where the",
    'effective default depends on other settings, the description says so). Fields marked **required**',
    'must be present when their object is. How to write an experiment, with examples, is in',
    '[the experiments guide](../guide/experiments.md).',
    '',
  ];
  if (root.description) lines.push(root.description.trim(), '');
  for (const section of objectSections(root)) {
    lines.push(`## ${heading(section.path)}`, '');
    if (section.path !== '' && section.node.description) lines.push(section.node.description.trim(), '');
    const rows = section.fields.map((field) => [
      `${code(field.path)}${field.required ? ' **required**' : ''}`,
      typeText(root, field.node),
      defaultText(field.node),
      field.node.description ?? '',
    ]);
    lines.push(...table(['Field', 'Type', 'Default', 'Description'], rows), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
