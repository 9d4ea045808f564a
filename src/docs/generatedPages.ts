// The docs pages written from the code: one entry per page, read by `npm run docs`
// (scripts/gen-docs.ts), which writes them, and by test/docs/generated.test.ts, which fails
// when a committed page differs from what its entry writes now.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import manifest from '../../package.json';
import schema from '../../schemas/rnn-experiment.schema.json';
import { buildProgram } from '../cli/program';
import { CHARTS_BEGIN, CHARTS_END, renderChartsSection } from './chartsReference';
import { renderCliReference } from './cliReference';
import { renderExtensionReference } from './extensionReference';
import { spliceSection } from './markdown';
import { renderSchemaReference, type SchemaNode } from './schemaReference';
import { renderTrustReference } from './trustReference';

export interface GeneratedPage {
  /** Relative to the repository root. */
  path: string;
  render: () => string;
}

export const EXPERIMENT_SCHEMA = schema as unknown as SchemaNode;

/** The program as the docs see it: the version is left out so a release does not change the page. */
export function cliProgram() {
  return buildProgram('0.0.0', () => undefined);
}

export const GENERATED_PAGES: readonly GeneratedPage[] = [
  {
    path: 'docs/reference/experiment-format.md',
    render: () => renderSchemaReference(EXPERIMENT_SCHEMA, 'schemas/rnn-experiment.schema.json'),
  },
  {
    path: 'docs/reference/cli.md',
    render: () => renderCliReference(cliProgram(), 'src/cli/program.ts'),
  },
  {
    path: 'docs/reference/workspace-trust.md',
    render: () => renderTrustReference('src/extension/trust.ts'),
  },
  {
    path: 'docs/reference/extension.md',
    render: () => renderExtensionReference(manifest),
  },
  {
    path: 'docs/guide/training-panel.md',
    render: () =>
      spliceSection(readPage('docs/guide/training-panel.md'), CHARTS_BEGIN, CHARTS_END, renderChartsSection()),
  },
];

/** A committed page whose generated section is replaced (the prose around it is kept). */
function readPage(page: string): string {
  return readFileSync(path.resolve(__dirname, '../..', page), 'utf8');
}
