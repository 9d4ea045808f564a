// ESLint (flat config) with type information from tsconfig.json and webview/tsconfig.json.
// Formatting is Prettier's job (.prettierrc.json); nothing here is about layout.
//
// The layering rule lives here as @typescript-eslint/no-restricted-imports:
// - only src/extension/ (and the suite that runs inside the extension host) imports `vscode`;
// - src/core/ imports nothing from outside src/core/: no packages, no Node built-ins, no `../`
//   that leaves it (it is shared by the CLI, the worker and the webview's reports);
// - webview/ runs in the browser: no `vscode`, no Node built-ins.
import { builtinModules } from 'node:module';
import eslint from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const noVscode = { name: 'vscode', message: 'Only src/extension/ imports vscode (README "Architecture").' };
const coreMessage = 'src/core/ imports only from src/core/: no packages, no Node built-ins, no vscode, no I/O.';
const noNodeBuiltins = [
  { regex: '^node:', message: 'webview/ runs in the browser: no Node built-ins.' },
  {
    regex: `^(${builtinModules.filter((m) => !m.startsWith('_')).join('|')})(/|$)`,
    message: 'webview/ runs in the browser: no Node built-ins.',
  },
];

/** src/core files `depth` folders below src/core/: anything but a path that stays inside it. */
function coreOnly(depth) {
  return {
    patterns: [
      { regex: '^[^.]', message: coreMessage },
      { regex: `^(\\.\\./){${depth}}\\.\\.(/|$)`, message: coreMessage },
      // `./x/../..` and the like: keep relative paths normalised so the check above holds.
      { regex: '(?<=[^./]|^\\.)/\\.\\.(/|$)', message: 'Write the relative path normalised (no `..` after a folder).' },
    ],
  };
}

export default defineConfig(
  globalIgnores([
    'dist/',
    'out/',
    '.harness/',
    '.rnn/',
    'test-output/',
    'examples/',
    // AssemblyScript (decorators on functions, v128 builtins): not checkable as TypeScript.
    'src/core/kernels/wasm/*.as.ts',
    '**/*.generated.ts',
  ]),
  {
    files: ['**/*.{ts,mts,mjs}'],
    extends: [eslint.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_`-prefixed names are deliberately unused (callback signatures, destructuring to omit).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // node:test's it/describe return promises that the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['it', 'test', 'describe', 'suite'] },
          ],
        },
      ],
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [noVscode] }],
    },
  },
  {
    // Plain JavaScript (build scripts, the real-VS Code test drivers, configs): not in a tsconfig.
    files: ['**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Validated JSON: these files walk experiment objects that the schema (ajv) has already
    // checked; typing every step of that walk would restate the schema in TypeScript.
    files: ['src/experiment/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  {
    // Tests read NDJSON, run files and values out of a browser page (`page.evaluate`) and assert
    // on them: a value of the wrong shape fails the assertion that reads it.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['src/extension/**', 'test/vscode/suite/**'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
  {
    files: ['webview/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [noVscode], patterns: noNodeBuiltins }] },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportExpression', message: coreMessage },
        { selector: "CallExpression[callee.name='require']", message: coreMessage },
      ],
    },
  },
  // One block per folder depth under src/core/ (how many `../` still stay inside it).
  ...[0, 1, 2, 3, 4, 5].map((depth) => ({
    files: [`src/core/${'*/'.repeat(depth)}*.ts`],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', coreOnly(depth)] },
  })),
);
