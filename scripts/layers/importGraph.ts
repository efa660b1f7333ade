/**
 * The import graph of src, read with the TypeScript parser alone (one `createSourceFile` per file, no
 * Program), so the layer test and `scripts/layers.ts` take a few hundred milliseconds. Every way a
 * module names another counts, type-only ones included: they become run-time imports with the next
 * feature.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { posix, sep } from 'node:path';
import ts from 'typescript';

/** `type`: erased at build (`import type`, `export type … from`, `import('x').T`); `dynamic`: `import('x')`. */
export type ImportKind = 'static' | 'type' | 'dynamic';

export interface ModuleRef {
  specifier: string;
  kind: ImportKind;
  line: number;
}

/** One import between two src files; paths are relative to src, with `/`. */
export interface ImportEdge {
  from: string;
  to: string;
  kind: ImportKind;
  line: number;
}

export interface SourceText {
  path: string;
  text: string;
}

export interface ImportGraph {
  files: readonly string[];
  edges: readonly ImportEdge[];
  /** Relative imports that name no file of src (a resolver gap would otherwise hide edges). */
  unresolved: readonly (ModuleRef & { from: string })[];
}

/** Every module `text` names: import/export … from (type-only too), `import('x')` calls and `import('x').T` types. */
export function moduleRefs(fileName: string, text: string): ModuleRef[] {
  // JSDoc is never an import in a .ts file, and skipping it halves the parse.
  const options = {
    languageVersion: ts.ScriptTarget.Latest,
    jsDocParsingMode: ts.JSDocParsingMode.ParseNone,
  };
  const source = ts.createSourceFile(fileName, text, options, false, ts.ScriptKind.TS);
  const refs: ModuleRef[] = [];
  const add = (node: ts.Node, literal: ts.Node | undefined, kind: ImportKind): void => {
    if (literal === undefined || !ts.isStringLiteralLike(literal)) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    refs.push({ specifier: literal.text, kind, line });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      // `import { type A } from` stays a run-time import under verbatimModuleSyntax (`import {} from`).
      add(
        node,
        node.moduleSpecifier,
        node.importClause?.phaseModifier === ts.SyntaxKind.TypeKeyword ? 'type' : 'static',
      );
    } else if (ts.isExportDeclaration(node)) {
      add(node, node.moduleSpecifier, node.isTypeOnly ? 'type' : 'static');
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly ? 'type' : 'static');
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal, 'type');
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, node.arguments[0], 'dynamic');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return refs;
}

/** The src file a relative specifier names (NodeNext: `./x.js` is `./x.ts`); null when none does. */
function resolve(from: string, specifier: string, files: ReadonlySet<string>): string | null {
  const target = posix.normalize(posix.join(posix.dirname(from), specifier));
  const stem = target.replace(/\.(m|c)?js$/, '');
  const candidates = [
    target,
    `${stem}.ts`,
    `${stem}.mts`,
    `${stem}.cts`,
    `${target}.ts`,
    `${target}/index.ts`,
  ];
  return candidates.find((candidate) => files.has(candidate)) ?? null;
}

/** The file-level graph of `sources`; bare specifiers (packages, node built-ins) are not src and are left out. */
export function buildImportGraph(sources: readonly SourceText[]): ImportGraph {
  const files = new Set(sources.map((source) => source.path));
  const edges: ImportEdge[] = [];
  const unresolved: (ModuleRef & { from: string })[] = [];
  for (const { path, text } of sources) {
    for (const ref of moduleRefs(path, text)) {
      if (!ref.specifier.startsWith('.')) continue;
      const to = resolve(path, ref.specifier, files);
      if (to === null) unresolved.push({ ...ref, from: path });
      else edges.push({ from: path, to, kind: ref.kind, line: ref.line });
    }
  }
  return { files: [...files].sort(), edges, unresolved };
}

/**
 * Every TypeScript file under `srcDir`, its path relative to `srcDir` with `/`; JSON data files too
 * (a module may import one), as files that import nothing.
 */
export function readSources(srcDir: string): SourceText[] {
  return readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') || name.endsWith('.json'))
    .sort()
    .map((name) => ({
      path: name.split(sep).join('/'),
      text: name.endsWith('.json') ? '' : readFileSync(`${srcDir}/${name}`, 'utf8'),
    }));
}

/** The layer a src file belongs to: its top folder, or the file itself at the root (`main.ts`). */
export function layerOf(file: string): string {
  const slash = file.indexOf('/');
  return slash === -1 ? file : file.slice(0, slash);
}

export type Graph = ReadonlyMap<string, ReadonlySet<string>>;

/** file → files it imports, every file a node. */
export function fileGraph(graph: ImportGraph): Graph {
  const nodes = new Map<string, Set<string>>(graph.files.map((file) => [file, new Set<string>()]));
  for (const edge of graph.edges) nodes.get(edge.from)?.add(edge.to);
  return nodes;
}

/** layer → layer → the file imports that make the edge; a layer's imports of itself are left out. */
export function layerEdges(graph: ImportGraph): Map<string, Map<string, ImportEdge[]>> {
  const layers = new Map<string, Map<string, ImportEdge[]>>(
    graph.files.map((file) => [layerOf(file), new Map()]),
  );
  for (const edge of graph.edges) {
    const [from, to] = [layerOf(edge.from), layerOf(edge.to)];
    if (from === to) continue;
    const targets = layers.get(from) ?? new Map<string, ImportEdge[]>();
    targets.set(to, [...(targets.get(to) ?? []), edge]);
    layers.set(from, targets);
  }
  return layers;
}

/** layer → layers it imports. */
export function layerGraph(graph: ImportGraph): Graph {
  return new Map([...layerEdges(graph)].map(([layer, targets]) => [layer, new Set(targets.keys())]));
}
