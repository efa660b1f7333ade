import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Node built-ins that reach outside the process (files, network, processes, threads, timers, clock). */
const IO_BUILTINS = [
  'async_hooks',
  'child_process',
  'cluster',
  'dgram',
  'diagnostics_channel',
  'dns',
  'dns/promises',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'inspector',
  'module',
  'net',
  'os',
  'perf_hooks',
  'process',
  'readline',
  'readline/promises',
  'repl',
  'stream',
  'stream/promises',
  'timers',
  'timers/promises',
  'tls',
  'tty',
  'v8',
  'vm',
  'worker_threads',
];

/** Packages that do I/O or schedule work. */
const IO_PACKAGES = [
  'axios',
  'better-sqlite3',
  'discord.js',
  '@discordjs/*',
  'node-cron',
  'pino',
  'pino-*',
  'undici',
  'ws',
  'chokidar',
];

/** Every way to name them: `fs`, `node:fs`, `fs/anything`, `node:fs/anything`. */
const DOMAIN_FORBIDDEN_MODULES = [
  ...IO_BUILTINS.flatMap((m) => [m, `${m}/*`, `node:${m}`, `node:${m}/*`]),
  ...IO_PACKAGES.flatMap((m) => [m, `${m}/*`]),
];

/** The domain owns its types and words nothing: config maps into it, adapters and presentation use it. */
const OUTER_LAYERS_PATTERN = {
  group: ['config', 'presentation', 'providers', 'store', 'discord', 'sinks', 'scheduler', 'monitor'].flatMap(
    (layer) => [`**/${layer}/*`, `**/${layer}/**`],
  ),
  message:
    'The domain is the core: declare its types in src/domain (config satisfies them) and word things in src/presentation.',
};

const CLOCK = 'The domain is pure: take the time as a parameter.';

/**
 * Bans I/O imports and every clock read or timer in the pure core.
 * @param {{ group: string[]; message: string }[]} extraPatterns further import bans
 */
function domainPurityRules(extraPatterns = []) {
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: DOMAIN_FORBIDDEN_MODULES,
            message: 'The domain is pure: do I/O in an adapter and pass the result in.',
          },
          ...extraPatterns,
        ],
      },
    ],
    'no-restricted-properties': [
      'error',
      { object: 'Date', property: 'now', message: CLOCK },
      { object: 'performance', property: 'now', message: CLOCK },
      { object: 'process', property: 'hrtime', message: CLOCK },
      { object: 'process', property: 'uptime', message: CLOCK },
      { object: 'globalThis', property: 'Date', message: CLOCK },
      { object: 'globalThis', property: 'performance', message: CLOCK },
      { object: 'globalThis', property: 'process', message: CLOCK },
      { object: 'globalThis', property: 'setTimeout', message: CLOCK },
      { object: 'globalThis', property: 'setInterval', message: CLOCK },
    ],
    'no-restricted-globals': [
      'error',
      ...['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate'].map(
        (name) => ({ name, message: 'The domain is pure: schedule work in an adapter.' }),
      ),
      { name: 'performance', message: CLOCK },
      { name: 'process', message: 'The domain is pure: pass what it needs from the process in.' },
      { name: 'fetch', message: 'The domain is pure: do I/O in an adapter and pass the result in.' },
    ],
    'no-restricted-syntax': [
      'error',
      { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: CLOCK },
      { selector: "CallExpression[callee.name='Date']", message: CLOCK },
      { selector: 'ImportExpression', message: 'The domain loads nothing at run time.' },
      { selector: "CallExpression[callee.name='require']", message: 'The domain loads nothing at run time.' },
    ],
  };
}

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // technicalindicators types its inputs as classes but documents (and only needs) plain objects.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
    },
  },
  {
    // Tests are linted without type information (tsc still type-checks them): the type-aware rules
    // over the test tree cost a third of npm test's CPU on two cores. Their few no-deprecated
    // directives stay, for whoever lints them with types.
    files: ['test/**/*.ts'],
    ...tseslint.configs.disableTypeChecked,
    linterOptions: { reportUnusedDisableDirectives: 'off' },
  },
  {
    // Tests edit raw YAML data to build configs; typing every such edit would add noise, not safety.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  {
    // The domain is pure: no I/O, no wall clock, and no imports from the layers around it.
    files: ['src/domain/**/*.ts'],
    rules: domainPurityRules([OUTER_LAYERS_PATTERN]),
  },
);
