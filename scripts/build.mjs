// Bundles every entry point with esbuild. Runs on `npm install` (prepare) so that
// `npx rnn-lab` works from a fresh clone.
import { build } from 'esbuild';

await build({
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // jsonc-parser's UMD build hides its requires from bundlers: take its ES module build.
  mainFields: ['module', 'main'],
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  banner: { js: '#!/usr/bin/env node' },
});
