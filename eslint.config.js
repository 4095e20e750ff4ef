// Lint, and the dependency direction of docs/adr/0001-architecture.md enforced as import rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'http', 'https', 'net', 'child_process', 'crypto', 'url', 'stream', 'zlib', 'worker_threads'];
const SHELL_PACKAGES = ['better-sqlite3', 'fastify', '@fastify/*', 'perspective-api-client', 'axios'];
const REACT = ['react', 'react/*', 'react-dom', 'react-dom/*', '@tanstack/react-*'];

/** A no-restricted-imports rule from groups of forbidden patterns, each with the reason shown on violation. */
function forbid(...groups) {
  return ['error', { patterns: groups.map(([group, message]) => ({ group, message })) }];
}

export default tseslint.config(
  { ignores: ['.tmp/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'data/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': forbid(
        [NODE_BUILTINS, 'src/core is pure: no Node APIs (ADR 0001).'],
        [REACT, 'src/core is pure: no React (ADR 0001).'],
        [SHELL_PACKAGES, 'src/core is pure: no server or network packages (ADR 0001).'],
        [['**/importers/**', '**/scoring/**', '**/exporters/**', '**/app/**', '**/server/**', '**/cli/**', '**/ui/**'], 'src/core imports nothing above it (ADR 0001).'],
      ),
    },
  },
  {
    files: ['src/importers/**/*.ts', 'src/scoring/**/*.ts', 'src/exporters/**/*.ts', 'src/demo/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': forbid(
        [NODE_BUILTINS, 'Edges (importers, scoring, exporters) are runtime-neutral: no Node APIs (ADR 0001).'],
        [REACT, 'Edges do not import React (ADR 0001).'],
        [SHELL_PACKAGES, 'Edges do not import server packages (ADR 0001).'],
        [['**/app/**', '**/server/**', '**/cli/**', '**/ui/**'], 'Edges never import the app layer or shells (ADR 0001).'],
      ),
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': forbid(
        [['**/scoring/**', '**/app/**', '**/server/**', '**/cli/**'], 'The UI never imports scorers, the app layer or server code: no keys or model internals in the bundle (ADR 0001).'],
        [['**/worker/**'], 'The UI starts the scoring worker by URL (new Worker(new URL(...))), never imports it: its code is a separate chunk (ADR 0004).'],
        [NODE_BUILTINS, 'The UI runs in the browser: no Node APIs.'],
        [SHELL_PACKAGES, 'The UI never imports server packages.'],
      ),
    },
  },
  {
    files: ['src/worker/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': forbid(
        [NODE_BUILTINS, 'The worker runs in the browser: no Node APIs (ADR 0004).'],
        [REACT, 'The worker has no UI (ADR 0004).'],
        [SHELL_PACKAGES, 'The worker never imports server packages (ADR 0004).'],
        [['**/ui/**', '**/server/**', '**/cli/**', '**/importers/**', '**/exporters/**'], 'The worker imports only core and scoring (ADR 0004).'],
        [['**/scoring/model-scorer.ts', '**/scoring/index.ts', '**/remote/**'], 'The worker loads the weights from GET /api/model and never bundles them or remote adapters (ADR 0004).'],
      ),
    },
  },
  {
    files: ['src/app/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        [['**/server/**', '**/cli/**', '**/ui/**', '**/worker-process/**'], 'src/app is the application layer under the server, the CLI and the worker: it never imports a shell (ADR 0001).'],
        [REACT, 'src/app runs in Node: no React (ADR 0001).'],
        [['fastify', '@fastify/*'], 'src/app knows nothing of HTTP: routes live in src/server (ADR 0001).'],
      ),
    },
  },
  {
    // The worker process (ADR 0032) is a shell beside the server and the CLI: it imports src/app and what is under it.
    files: ['src/worker-process/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        [['**/ui/**', '**/server/**', '**/cli/**'], 'The worker process is a shell of its own: it imports src/app and what is under it, never another shell or the UI (ADR 0001, ADR 0032).'],
        [REACT, 'The worker process has no UI (ADR 0032).'],
        [['fastify', '@fastify/*'], 'The worker process serves no HTTP (ADR 0032).'],
      ),
    },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: { 'no-restricted-imports': forbid([['**/ui/**'], 'Shells never import the UI (ADR 0001).']) },
  },
  {
    // System tests (a server driven with a key or an account the CLI made) may start both shells.
    files: ['src/server/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': forbid(
        [['**/ui/**'], 'Shells never import the UI (ADR 0001).'],
        [['**/cli/**', '**/worker-process/**'], 'The server, the CLI and the worker process never reach into each other: what they share lives in src/app (ADR 0001).'],
      ),
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': forbid([['**/ui/**'], 'Shells never import the UI (ADR 0001).']) },
  },
  {
    // System tests (a server driven with a key or an account the CLI made) may start both shells.
    files: ['src/cli/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': forbid(
        [['**/ui/**'], 'Shells never import the UI (ADR 0001).'],
        [['**/server/**', '**/worker-process/**'], 'The server, the CLI and the worker process never reach into each other: what they share lives in src/app (ADR 0001).'],
      ),
    },
  },
  {
    // Only the store speaks SQL (ADR 0001, ADR 0028): everything else calls store methods and repositories, so that
    // the SQLite and PostgreSQL engines answer the same calls the same way. Tests, benchmarks and the test cluster
    // (scripts/pg-*.ts) may set up and inspect databases.
    files: ['src/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['src/app/store/**', '**/*.test.ts', '**/testing/**', 'scripts/pg-*.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        {
          selector: "ImportDeclaration[importKind!='type'][source.value=/^(better-sqlite3|pg|pg-cursor)$|store\\/(sqlite-sql|pg-sql|sql-parts|pg-placeholders)\\.ts$/]",
          message: 'Only src/app/store speaks SQL: the database drivers are imported there alone (ADR 0001, ADR 0028).',
        },
        {
          selector: "CallExpression[callee.property.name='prepare']",
          message: 'Only src/app/store speaks SQL: no prepared statements outside it (ADR 0001, ADR 0028).',
        },
        {
          selector: "CallExpression[callee.property.name=/^(all|get|value|run|exec|batches|query)$/][arguments.0.type='Literal'][arguments.0.value=/^\\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|WITH|TRUNCATE|NOTIFY|LISTEN|BEGIN|PRAGMA)\\b/i]",
          message: 'Only src/app/store speaks SQL: move this statement into a store module (ADR 0001, ADR 0028).',
        },
        {
          selector: "CallExpression[callee.property.name=/^(all|get|value|run|exec|batches|query)$/][arguments.0.type='TemplateLiteral'][arguments.0.quasis.0.value.raw=/^\\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|WITH|TRUNCATE|NOTIFY|LISTEN|BEGIN|PRAGMA)\\b/i]",
          message: 'Only src/app/store speaks SQL: move this statement into a store module (ADR 0001, ADR 0028).',
        },
      ],
    },
  },
);
