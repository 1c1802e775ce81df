import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** The core is pure: no React, no DOM, no Node, nothing from outside src/core. */
const coreBoundary = {
  files: ['src/core/**/*.ts'],
  rules: {
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
          {
            regex:
              '^\\.\\./\\.\\./(?!core/)|^\\.\\./(app|features|components|catalog|state|workers|cli)(/|$)|^\\.\\./\\.\\./\\.\\.',
            message: 'src/core imports nothing from outside src/core.',
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
      ].map((name) => ({
        name,
        message: 'src/core is free of the DOM and of I/O.',
      })),
    ],
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
);
