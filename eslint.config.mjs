// Lint: TypeScript recommended rules everywhere, and a boundary that keeps lib/ pure.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeGlobals = {
  process: 'readonly',
  console: 'readonly',
  URL: 'readonly',
  Buffer: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.next/',
      'out/',
      'next-env.d.ts',
      'test-results/',
      'playwright-report/',
      'tests/perf/results/',
      'dist/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: nodeGlobals } },
  {
    // lib/ is the engine: pure TypeScript shared by the page and the CLI (DESIGN.md, house style 1).
    files: ['lib/**/*.ts'],
    rules: {
      // Any relative depth: lib/targets/x.ts reaching ../../components/ is as much a UI import as ../components/.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'react',
                'react/*',
                'react-dom',
                'react-dom/*',
                'next',
                'next/*',
                '@/components',
                '@/components/*',
                '@/app/*',
                '**/components',
                '**/components/*',
                '**/app/*',
              ],
              message: 'lib/ stays pure: no react, next or UI imports.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'navigator',
        'localStorage',
        'sessionStorage',
        'location',
        'fetch',
      ],
    },
  },
  {
    // The probe opens sockets (lib/probe/net.ts): only the CLI may import it, never the page.
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/lib/probe', '**/lib/probe/*', '@/lib/probe', '@/lib/probe/*'],
              message: 'lib/probe/ opens sockets: the CLI alone imports it.',
            },
          ],
        },
      ],
    },
  },
);
