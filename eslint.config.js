import path from 'node:path';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/**
 * What the pure core may import besides itself: validation, the holiday tables and the headline reader.
 * Pure libraries only, no I/O; a new one is added here on purpose.
 */
const DOMAIN_PACKAGES = ['zod', 'date-holidays', 'wink-nlp', 'wink-eng-lite-web-model'];
const DOMAIN_DIR = path.join(import.meta.dirname, 'src', 'domain');

/**
 * `@scope/name/sub` → `@scope/name`, `name/sub` → `name`; a built-in keeps its `node:` prefix.
 * @param {string} specifier
 */
function packageName(specifier) {
  return specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
}

/**
 * True when `specifier`, imported by the file `filename`, stays in src/domain or names an allowed package.
 * @param {string} filename
 * @param {string} specifier
 */
function domainMayImport(filename, specifier) {
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    return path.resolve(path.dirname(filename), specifier).startsWith(DOMAIN_DIR + path.sep);
  }
  return DOMAIN_PACKAGES.includes(packageName(specifier));
}

/**
 * The domain's allow-list, by resolved path: a deny-list of folders and I/O modules ages with every new
 * folder and package, this does not. Type-only imports count (`import type`, `export type … from`,
 * `import('x').T`); dynamic `import()` is banned outright below.
 * @type {import('eslint').Rule.RuleModule}
 */
const domainImports = {
  meta: {
    type: 'problem',
    schema: [],
    messages: {
      outside: `The domain imports only src/domain and ${DOMAIN_PACKAGES.join(', ')}; "{{specifier}}" is outside. Do I/O in an adapter and pass the result in, declare types in src/domain (config satisfies them), word things in src/presentation.`,
    },
  },
  create(context) {
    /**
     * @param {import('estree').Node} node
     * @param {unknown} source
     */
    const check = (node, source) => {
      const specifier = /** @type {{ value?: unknown } | null | undefined} */ (source)?.value;
      if (typeof specifier === 'string' && !domainMayImport(context.filename, specifier)) {
        context.report({ node, messageId: 'outside', data: { specifier } });
      }
    };
    return {
      ImportDeclaration: (node) => {
        check(node, node.source);
      },
      ExportNamedDeclaration: (node) => {
        check(node, node.source);
      },
      ExportAllDeclaration: (node) => {
        check(node, node.source);
      },
      // typescript-estree nodes, unknown to ESLint's own types: `import('x').T` and `import x = require('x')`.
      /** @param {import('estree').Node & { source: unknown }} node */
      TSImportType: (node) => {
        check(node, node.source);
      },
      /** @param {import('estree').Node & { expression: unknown }} node */
      TSExternalModuleReference: (node) => {
        check(node, node.expression);
      },
    };
  },
};

const CLOCK = 'The domain is pure: take the time as a parameter.';

/** The pure core's imports (an allow-list) and every clock read or timer in it. */
const DOMAIN_PURITY_RULES = {
  'layers/domain-imports': 'error',
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
    // The domain is pure: it imports itself and named pure packages only, and reads no clock.
    files: ['src/domain/**/*.ts'],
    plugins: { layers: { rules: { 'domain-imports': domainImports } } },
    rules: DOMAIN_PURITY_RULES,
  },
);
