#!/usr/bin/env node
// Lists the exports under src/ that no other file imports (src, test or bench): each is either dead code
// or should not be exported. A type may stay exported when its own file uses it (it is part of the
// signature of something exported). Entry points (activate/deactivate, the webview's main) are exempt.
// Prints one line per finding and `unused exports: N`; exits 1 when there are any.
import path from 'node:path';
import fs from 'node:fs';
import ts from 'typescript';

const root = path.resolve(import.meta.dirname, '..');
const ENTRY_POINTS = new Set(['src/extension/extension.ts', 'src/webview/main.ts']);

function list(dir) {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs
    .readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.ts') && !d.name.endsWith('.d.ts'))
    .map((d) => path.join(d.parentPath, d.name));
}

const files = [...list('src'), ...list('test'), ...list('bench')];
const program = ts.createProgram(files, {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ES2022,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
  types: ['node', 'mocha'],
});
const checker = program.getTypeChecker();
const original = (s) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
const rel = (f) => path.relative(root, f).split(path.sep).join('/');

/** Symbols some other file imports; files imported as a namespace (all their exports count as used). */
const used = new Set();
const wholeModules = new Set();
for (const sf of program.getSourceFiles()) {
  if (sf.isDeclarationFile || !sf.fileName.startsWith(root) || sf.fileName.includes('node_modules')) continue;
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      const target = checker.getSymbolAtLocation(node.moduleSpecifier);
      const clause = ts.isImportDeclaration(node) ? node.importClause : undefined;
      const named = ts.isImportDeclaration(node) ? clause?.namedBindings : node.exportClause;
      if (named && (ts.isNamespaceImport(named) || ts.isNamespaceExport(named))) {
        if (target) wholeModules.add(target);
      } else if (ts.isExportDeclaration(node) && !named) {
        if (target) wholeModules.add(target);
      } else if (named && (ts.isNamedImports(named) || ts.isNamedExports(named))) {
        for (const el of named.elements) {
          const s = checker.getSymbolAtLocation(el.propertyName ?? el.name);
          if (s) used.add(original(s));
          // `import { x }` resolves x's own symbol through the import specifier
          const local = checker.getSymbolAtLocation(el.name);
          if (local) used.add(original(local));
        }
      }
      if (clause?.name) {
        const s = checker.getSymbolAtLocation(clause.name);
        if (s) used.add(original(s));
      }
    }
    if (ts.isImportTypeNode(node)) {
      const s = node.qualifier && checker.getSymbolAtLocation(ts.isIdentifier(node.qualifier) ? node.qualifier : node.qualifier.right);
      if (s) used.add(original(s));
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}

/** Symbols referenced in a file other than at their own declarations. */
function usedIn(sf) {
  const seen = new Set();
  const visit = (node) => {
    if (
      ts.isIdentifier(node) &&
      !(node.parent && 'name' in node.parent && node.parent.name === node && ts.isDeclarationStatement(node.parent))
    ) {
      const s = checker.getSymbolAtLocation(node);
      if (s) seen.add(original(s));
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return seen;
}
const isTypeOnly = (s) => !!(s.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) && !(s.flags & ts.SymbolFlags.Value);

const findings = [];
for (const sf of program.getSourceFiles()) {
  const file = rel(sf.fileName);
  if (!file.startsWith('src/') || ENTRY_POINTS.has(file)) continue;
  const moduleSymbol = checker.getSymbolAtLocation(sf);
  if (!moduleSymbol || wholeModules.has(moduleSymbol)) continue;
  const local = usedIn(sf);
  for (const exp of checker.getExportsOfModule(moduleSymbol)) {
    if (used.has(original(exp)) || used.has(exp)) continue;
    if (isTypeOnly(exp) && local.has(exp)) continue;
    const decl = exp.declarations?.[0];
    if (decl && decl.getSourceFile() !== sf) continue; // re-exported (\`export * from\`): judged in its own file
    const line = decl ? sf.getLineAndCharacterOfPosition(decl.getStart()).line + 1 : 0;
    findings.push(`${file}:${line}  ${exp.name}`);
  }
}
for (const f of findings.sort()) console.log(f);
console.log(`unused exports: ${findings.length}`);
process.exit(findings.length ? 1 : 0);
