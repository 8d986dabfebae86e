// Building a user module: TypeScript to JavaScript with the TypeScript compiler's
// transpiler, plus two transforms of our own — the loop guards of guard.ts, and
// import specifiers pointed at what they mean (gomachine's own modules by their
// absolute URL, the user's other modules by their built file), so that a program
// loads from any directory without a package.json of its own.
//
// Why instrument rather than run the simulation in a worker with a watchdog: a
// worker can be terminated but not asked where it was, and the simulation, the
// dashboard and the bridge all live on the main thread; a guard in the loop knows
// its own file:line and throws on the simulated thread that spins, so the kernel
// can name the process and the thread.

import ts from 'typescript';

export interface Built {
  /** JavaScript (ES2022 module). */
  code: string;
  /** Its source map (version 3) back to the TypeScript. */
  map: string;
}

/**
 * Transpile one user module. `rewrite(specifier)` gives the specifier to import
 * instead (or undefined to keep it); `guardUrl` is where guard.ts is.
 */
export function buildModule(file: string, source: string, guardUrl: string, rewrite: (spec: string) => string | undefined): Built {
  const out = ts.transpileModule(source, {
    fileName: file,
    compilerOptions: {
      module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: true,
      allowImportingTsExtensions: true, rewriteRelativeImportExtensions: false, verbatimModuleSyntax: false, isolatedModules: true,
    },
    transformers: { before: [guards(file, guardUrl), imports(rewrite)] },
    reportDiagnostics: false,
  });
  return { code: out.outputText.replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n'), map: out.sourceMapText ?? '' };
}

const GUARD = '__gomachine_guard';

/** loop(site) at the top of every loop body, resumed(...) around every yield, enter() at the top of every generator. */
function guards(file: string, guardUrl: string): ts.TransformerFactory<ts.SourceFile> {
  return (ctx) => (sf) => {
    const f = ctx.factory;
    const call = (name: string, args: ts.Expression[]): ts.CallExpression =>
      f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier(GUARD), name), undefined, args);
    const site = (n: ts.Node): string => {
      const { line, character } = sf.getLineAndCharacterOfPosition(n.getStart(sf));
      return `${file}:${line + 1}:${character + 1}`;
    };
    const guarded = (body: ts.Statement, stmt: ts.Statement): ts.Block => {
      const g = f.createExpressionStatement(call('loop', [f.createStringLiteral(site(stmt))]));
      return f.createBlock(ts.isBlock(body) ? [g, ...body.statements] : [g, body], true);
    };
    const visit = (n: ts.Node): ts.Node => {
      const v = ts.visitEachChild(n, visit, ctx);
      if (ts.isWhileStatement(v)) return f.updateWhileStatement(v, v.expression, guarded(v.statement, n as ts.Statement));
      if (ts.isDoStatement(v)) return f.updateDoStatement(v, guarded(v.statement, n as ts.Statement), v.expression);
      if (ts.isForStatement(v)) return f.updateForStatement(v, v.initializer, v.condition, v.incrementor, guarded(v.statement, n as ts.Statement));
      if (ts.isForOfStatement(v)) return f.updateForOfStatement(v, v.awaitModifier, v.initializer, v.expression, guarded(v.statement, n as ts.Statement));
      if (ts.isForInStatement(v)) return f.updateForInStatement(v, v.initializer, v.expression, guarded(v.statement, n as ts.Statement));
      if (ts.isYieldExpression(v)) return call('resumed', [v]);
      if ((ts.isFunctionDeclaration(v) || ts.isFunctionExpression(v) || ts.isMethodDeclaration(v)) && v.asteriskToken !== undefined && v.body !== undefined) {
        const body = f.updateBlock(v.body, [f.createExpressionStatement(call('enter', [])), ...v.body.statements]);
        if (ts.isFunctionDeclaration(v)) return f.updateFunctionDeclaration(v, v.modifiers, v.asteriskToken, v.name, v.typeParameters, v.parameters, v.type, body);
        if (ts.isFunctionExpression(v)) return f.updateFunctionExpression(v, v.modifiers, v.asteriskToken, v.name, v.typeParameters, v.parameters, v.type, body);
        return f.updateMethodDeclaration(v, v.modifiers, v.asteriskToken, v.name, v.questionToken, v.typeParameters, v.parameters, v.type, body);
      }
      return v;
    };
    const body = ts.visitEachChild(sf, visit, ctx);
    const imp = f.createImportDeclaration(undefined, f.createImportClause(false, undefined, f.createNamespaceImport(f.createIdentifier(GUARD))), f.createStringLiteral(guardUrl));
    return f.updateSourceFile(body, [imp, ...body.statements]);
  };
}

/** Point each import and re-export at what it means. */
function imports(rewrite: (spec: string) => string | undefined): ts.TransformerFactory<ts.SourceFile> {
  return (ctx) => (sf) => {
    const f = ctx.factory;
    const spec = (s: ts.Expression | undefined): ts.Expression | undefined => {
      if (s === undefined || !ts.isStringLiteral(s)) return s;
      const to = rewrite(s.text);
      return to === undefined ? s : f.createStringLiteral(to);
    };
    const visit = (n: ts.Node): ts.Node => {
      if (ts.isImportDeclaration(n)) return f.updateImportDeclaration(n, n.modifiers, n.importClause, spec(n.moduleSpecifier)!, n.attributes);
      if (ts.isExportDeclaration(n)) return f.updateExportDeclaration(n, n.modifiers, n.isTypeOnly, n.exportClause, spec(n.moduleSpecifier), n.attributes);
      if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments.length > 0) {
        return f.updateCallExpression(n, n.expression, n.typeArguments, [spec(n.arguments[0])!, ...n.arguments.slice(1)]);
      }
      return ts.visitEachChild(n, visit, ctx);
    };
    return ts.visitEachChild(sf, visit, ctx);
  };
}

/** The module specifiers a source file imports (statically, re-exports and import() of a literal). */
export function importsOf(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier !== undefined && ts.isStringLiteral(n.moduleSpecifier)) {
      if (!(ts.isImportDeclaration(n) && n.importClause?.isTypeOnly === true) && !(ts.isExportDeclaration(n) && n.isTypeOnly)) out.push(n.moduleSpecifier.text);
    } else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] !== undefined && ts.isStringLiteral(n.arguments[0])) {
      out.push(n.arguments[0].text);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}
