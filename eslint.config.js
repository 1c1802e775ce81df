import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import importX from 'eslint-plugin-import-x';

/**
 * The core is pure: no React, no DOM, no Node, nothing from outside src/core. Paths are resolved
 * (import-x), so src/core/catalog.ts and src/catalog/ are never confused.
 */
const importResolution = {
  plugins: { 'import-x': importX },
  settings: {
    'import-x/extensions': ['.ts', '.tsx', '.js'],
    'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } },
  },
};

const coreBoundary = {
  files: ['src/core/**/*.ts'],
  ...importResolution,
  rules: {
    'import-x/no-restricted-paths': [
      'error',
      {
        zones: [
          {
            target: './src/core',
            from: './src',
            except: ['./core'],
            message: 'src/core imports nothing from outside src/core.',
          },
          {
            target: './src/core',
            from: './scripts',
            message: 'src/core imports nothing from scripts.',
          },
        ],
      },
    ],
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: ['react', 'react-*', 'react/*', '@tanstack/*'],
            message: 'src/core stays free of React.',
          },
          {
            group: ['node:*', 'fs', 'path', 'os', 'child_process', 'url'],
            message: 'src/core does no I/O.',
          },
        ],
      },
    ],
    'no-restricted-globals': [
      'error',
      ...[
        'window',
        'document',
        'localStorage',
        'sessionStorage',
        'navigator',
        'fetch',
        'location',
        'process',
      ].map((name) => ({ name, message: 'src/core is free of the DOM and of I/O.' })),
    ],
  },
};

const FEATURES = ['catalog', 'compare', 'context', 'frontier', 'planner', 'saved', 'validation'];

/**
 * Layers of the app, top down: app (shell, routes) → features (one folder per view) → shared code
 * (components, navigation, state, catalog) → core. A feature imports no other feature; shared code
 * imports no feature and not the app; nothing imports in a circle.
 */
const layers = {
  files: ['src/**/*.ts', 'src/**/*.tsx'],
  ...importResolution,
  rules: {
    'import-x/no-restricted-paths': [
      'error',
      {
        zones: [
          ...FEATURES.map((f) => ({
            target: `./src/features/${f}`,
            from: './src/features',
            except: [`./${f}`],
            message:
              'A feature imports no other feature: shared code goes to src/components, src/navigation or src/core.',
          })),
          ...['components', 'navigation', 'state', 'catalog'].map((shared) => ({
            target: `./src/${shared}`,
            from: ['./src/features', './src/app'],
            message: 'Shared code imports no feature and not the app shell.',
          })),
        ],
      },
    ],
    'import-x/no-cycle': ['error', { ignoreExternal: true }],
  },
};

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'coverage', 'public'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  coreBoundary,
  layers,
  {
    // Storage goes through src/state/storage.ts, which never throws (private mode, quota).
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/state/storage.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'localStorage', message: 'Use src/state/storage.ts.' },
        { object: 'window', property: 'sessionStorage', message: 'Use src/state/storage.ts.' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'localStorage', message: 'Use src/state/storage.ts.' },
        { name: 'sessionStorage', message: 'Use src/state/storage.ts.' },
      ],
    },
  },
);
