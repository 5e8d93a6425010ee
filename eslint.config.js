// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Interface methods a class does not need (a picker that ignores the hash) name them _x.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Hot paths index typed arrays in loops whose bounds are already checked.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The request path compares boolean fields with true: V8 compiles `!field` as a test of any
    // value's truthiness (ARCHITECTURE.md, "Booleans on the request path").
    files: ['src/listener/backend-pool.ts'],
    rules: { '@typescript-eslint/no-unnecessary-boolean-literal-compare': 'off' },
  },
  {
    // Determinism: no ambient time or randomness in the library.
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Take an Rng from options.' },
        { object: 'Date', property: 'now', message: 'Take a Clock from options.' },
        { object: 'performance', property: 'now', message: 'Take a Clock from options.' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'The simulator owns time.' },
        { name: 'setInterval', message: 'The simulator owns time.' },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
);
