// The sweep section offered to an experiment that has none (RNN Lab: Run Sweep, a code action):
// a grid of three learning rates around the file's own, inserted without touching the rest of
// the text. Pure.

import { findNodeAtLocation, getNodeValue, parseTree, type Edit } from 'jsonc-parser';

export const SWEPT_PARAMETER = 'training.optimizer.learningRate';

/** Whether the text's top-level object has a "sweep" key (false for text that is not an object). */
export function hasSweepSection(text: string): boolean {
  const root = parseTree(text);
  return root?.type === 'object' && findNodeAtLocation(root, ['sweep']) !== undefined;
}

/** lr/3, lr, 3·lr, each to two significant digits; 0.01 for a file without a usable rate. */
export function learningRateGrid(learningRate: unknown): number[] {
  const lr =
    typeof learningRate === 'number' && Number.isFinite(learningRate) && learningRate > 0 ? learningRate : 0.01;
  return [lr / 3, lr, lr * 3].map((v) => Number(v.toPrecision(2)));
}

/**
 * The edit that adds the section after the last top-level field, indented like the file; the
 * rest of the text stays as written. Undefined when there is no object to add it to or it has one.
 */
export function addSweepSectionEdit(text: string): Edit | undefined {
  const root = parseTree(text);
  if (root?.type !== 'object' || findNodeAtLocation(root, ['sweep'])) return undefined;
  const rate = findNodeAtLocation(root, ['training', 'optimizer', 'learningRate']);
  const values = learningRateGrid(rate && getNodeValue(rate)).join(', ');
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = [
    `"sweep": {`,
    `${indent}"method": "grid",`,
    `${indent}"parameters": { ${JSON.stringify(SWEPT_PARAMETER)}: { "values": [${values}] } }`,
    `}`,
  ].map((l) => indent + l);
  const last = root.children?.at(-1);
  if (!last) return { offset: root.offset + 1, length: 0, content: `${eol}${lines.join(eol)}${eol}` };
  const offset = last.offset + last.length;
  return { offset, length: 0, content: `,${eol}${lines.join(eol)}` };
}
