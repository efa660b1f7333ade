/**
 * Compiles a benchmark and the modules it imports, as tsc emits them, into a throwaway folder,
 * so figures measure the shipped JavaScript rather than tsx's on-the-fly loader (whose CommonJS
 * export getters and keep-names wrappers cost more than the code under test in a hot loop).
 * Relative imports are followed, and so are files named beside `import.meta.url` (workers are
 * compiled, other files copied); packages resolve through a link to node_modules.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const COMPILER_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2023,
  verbatimModuleSyntax: true,
};
const BESIDE_MODULE = /['"](\.{1,2}\/[^'"]+)['"]\s*,\s*import\.meta\.url/g;

/** Relative paths the module imports or opens beside itself, resolved to source files. */
function referencedFiles(file: string, source: string): string[] {
  const imports = ts
    .preProcessFile(source, true, true)
    .importedFiles.map((ref) => ref.fileName)
    .filter((name) => name.startsWith('.'));
  const beside = [...source.matchAll(BESIDE_MODULE)].map((match) => match[1] ?? '');
  return [...imports, ...beside]
    .map((name) => resolve(dirname(file), name))
    .map((path) =>
      path.endsWith('.js') && existsSync(path.replace(/\.js$/, '.ts')) ? path.replace(/\.js$/, '.ts') : path,
    )
    .filter((path) => existsSync(path));
}

function emit(file: string, root: string, outRoot: string): string[] {
  const target = join(outRoot, relative(root, file));
  mkdirSync(dirname(target), { recursive: true });
  if (!file.endsWith('.ts')) {
    copyFileSync(file, target);
    return [];
  }
  const source = readFileSync(file, 'utf8');
  const output = ts.transpileModule(source, { compilerOptions: COMPILER_OPTIONS }).outputText;
  writeFileSync(target.replace(/\.ts$/, '.js'), output);
  return referencedFiles(file, source);
}

/** The compiled entry and the folder to remove afterwards; `root` is the repository (its node_modules is linked). */
export function compileGraph(entry: string, root: string): { entry: string; outRoot: string } {
  const outRoot = mkdtempSync(join(tmpdir(), 'bench-build-'));
  symlinkSync(join(root, 'node_modules'), join(outRoot, 'node_modules'));
  copyFileSync(join(root, 'package.json'), join(outRoot, 'package.json'));
  const pending = [resolve(root, entry)];
  const done = new Set<string>();
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (done.has(file)) continue;
    done.add(file);
    pending.push(...emit(file, root, outRoot));
  }
  return { entry: join(outRoot, relative(root, resolve(root, entry))).replace(/\.ts$/, '.js'), outRoot };
}
