// Lint configuration. The folder boundaries of ARCHITECTURE.md are enforced here
// with no-restricted-imports per folder, so a wrong import fails CI.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'net',
  'http',
  'https',
  'child_process',
  'crypto',
  'stream',
  'events',
  'url',
  'worker_threads',
];

/** Build a no-restricted-imports rule from forbidden import patterns. */
function forbid(message, ...groups) {
  return [
    'error',
    {
      patterns: groups.map((group) => ({ group, message })),
    },
  ];
}

const up = (folder) => [`**/${folder}`, `**/${folder}/**`];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'dist-electron/**',
      'release/**',
      '.data/**',
      'tests/.artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        'domain/ is pure: it imports nothing of ours outside domain/, no React, no Dexie, no Node, no Electron.',
        [
          ...NODE_BUILTINS,
          'react',
          'react-dom',
          'dexie',
          'electron',
          'zustand',
          ...up('renderer'),
          ...up('sync'),
          ...up('hardware'),
          ...up('electron'),
        ],
      ),
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: 'domain/ has no clock: pass the time in.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'domain/ has no clock: pass the time in.',
        },
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: 'domain/ has no randomness: pass ids in.',
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': forbid(
        'renderer/ never imports Node, Electron or device code: reach devices through the TillHost contract.',
        [
          ...NODE_BUILTINS,
          'electron',
          'better-sqlite3',
          'pg',
          'serialport',
          'node-thermal-printer',
          'fastify',
          'ws',
          ...up('electron'),
          '**/hardware/**',
          '!**/hardware/contract',
          '!**/hardware/contract/**',
          '**/sync/server',
          '**/sync/server/**',
        ],
      ),
    },
  },
  {
    files: ['sync/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid('sync/protocol is the wire format only: zod and domain/.', [
        ...NODE_BUILTINS,
        'dexie',
        'react',
        'fastify',
        ...up('renderer'),
        ...up('hardware'),
        ...up('electron'),
        ...up('engine'),
        ...up('server'),
      ]),
    },
  },
  {
    files: ['sync/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        'sync/engine runs in a Web Worker: protocol, domain and its store port only.',
        [
          ...NODE_BUILTINS,
          'react',
          'fastify',
          'better-sqlite3',
          'pg',
          ...up('hardware'),
          ...up('electron'),
          ...up('server'),
          '**/renderer/ui/**',
        ],
      ),
    },
  },
  {
    files: ['sync/server/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        'sync/server talks only to protocol, domain and its storage port.',
        [
          'react',
          'dexie',
          ...up('renderer'),
          ...up('hardware'),
          ...up('electron'),
          ...up('engine'),
        ],
      ),
    },
  },
  {
    files: ['hardware/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        'hardware/ depends on domain/ and the TillHost contract only.',
        ['react', 'dexie', ...up('renderer/ui'), ...up('sync'), ...up('electron')],
      ),
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        'electron/ is thin: windows, security, lifecycle, IPC to hardware services. No business logic, no UI, no sync.',
        ['react', 'dexie', ...up('renderer/ui'), ...up('sync'), ...up('domain')],
      ),
    },
  },
);
