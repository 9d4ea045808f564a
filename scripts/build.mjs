// Bundles every entry point with esbuild. Runs on `npm install` (prepare) so that
// `npx rnn-lab` works from a fresh clone.
import { build } from 'esbuild';

// The SIMD kernels first: the trainer embeds them.
await import('./build-wasm.mjs');
// The schema the editor's JSON service reads for *.rnn.json: hover and completion, no validation.
await import('./build-editor-schema.mjs');

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // jsonc-parser's UMD build hides its requires from bundlers: take its ES module build.
  mainFields: ['module', 'main'],
  outdir: 'dist',
};

await Promise.all([
  build({ ...node, entryPoints: { cli: 'src/cli/main.ts' }, banner: { js: '#!/usr/bin/env node' } }),
  build({
    ...node,
    entryPoints: { extension: 'src/extension/extension.ts', worker: 'src/worker/trainWorker.ts' },
    external: ['vscode'],
  }),
  // A panel's views of what the network learned: predict, inspect and sample off the extension host (src/extension/panel/runViews.ts).
  build({ ...node, entryPoints: { analysisWorker: 'src/analysis/analysisWorker.ts' } }),
  // The trainer's helper threads for large matrix products (src/threads/computeThreads.ts).
  build({ ...node, entryPoints: { kernelHelper: 'src/threads/kernelHelperThread.ts' } }),
]);

// koffi's loader and binaries beside the bundles (src/blas/ loads the machine's BLAS through it).
await import('./koffi-binaries.mjs');

// The suite that runs inside a real extension host (npm run test:vscode).
await build({
  ...node,
  entryPoints: [
    'test/vscode/suite/index.ts',
    'test/vscode/suite/extension.test.ts',
    'test/vscode/suite/polish.test.ts',
    'test/vscode/suite/sweep.test.ts',
    'test/vscode/suite/views.test.ts',
    'test/vscode/suite/untrusted.test.ts',
    'test/vscode/suite/pytorch.test.ts',
  ],
  outdir: 'out/test/vscode/suite',
  external: ['vscode', 'mocha'],
});

// The training panel's script: browser code, chart.js and @vscode-elements bundled in, no CDN.
await build({
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  sourcemap: true,
  logLevel: 'warning',
  entryPoints: { webview: 'webview/main.ts', compare: 'webview/compare.ts', experiments: 'webview/experiments.ts' },
  // Each page carries chart.js and the elements it uses; minified, the .vsix stays small.
  minify: true,
  outdir: 'dist',
});
