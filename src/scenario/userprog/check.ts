// Checking a user program before it runs: the TypeScript compiler's syntax and
// type errors in the user's own files, and one check of gomachine's own — a call
// whose result is a generator left unrun. Every runtime and C library call is a
// generator: `fmt.Println('x')` or `mu.Lock()` without `yield*` builds one and
// throws it away, so the call silently never happens. The type checker knows
// which calls return generators; like a linter's no-floating-promises, a call
// statement (or a plain `yield`) whose value is a Generator is an error.
//
// Errors are printed as a compiler prints them: file:line:column, the message,
// and the line with a caret under the column.

import ts from 'typescript';
import path from 'node:path';

export interface Problem { file: string; line: number; column: number; message: string; excerpt: string }

/** Compiler options for user programs: gomachine's own (tsconfig.json), and `gomachine/...` imports. */
export function compilerOptions(root: string): ts.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts'], types: [], strict: true, noEmit: true, allowImportingTsExtensions: true, skipLibCheck: true,
    esModuleInterop: true, isolatedModules: true, noFallthroughCasesInSwitch: true,
    baseUrl: root, paths: Object.fromEntries(Object.entries(GOMACHINE_IMPORTS).map(([k, v]) => [k, [path.join(root, v)]])),
  };
}

/** What a program outside the repository imports gomachine's packages as. */
export const GOMACHINE_IMPORTS: Record<string, string> = {
  'gomachine/runtime': 'src/runtime/index.ts',
  'gomachine/libc': 'src/libc/libc.ts',
  'gomachine/uapi': 'src/kernel/uapi/index.ts',
  'gomachine/instr': 'src/machine/instr.ts',
};

/** The problems in the user's files (`files`, absolute paths), in order. */
export function checkProgram(files: string[], root: string): Problem[] {
  const program = ts.createProgram(files, compilerOptions(root));
  const checker = program.getTypeChecker();
  const problems: Problem[] = [];
  for (const file of files) {
    const sf = program.getSourceFile(file);
    const start = problems.length;
    if (sf === undefined) continue;
    const diags: ts.Diagnostic[] = [...program.getSyntacticDiagnostics(sf)];
    const syntax = diags.length > 0;
    if (!syntax) diags.push(...program.getSemanticDiagnostics(sf));
    for (const d of diags) problems.push(problem(sf, d.start ?? 0, ts.flattenDiagnosticMessageText(d.messageText, '\n'), `TS${d.code}`));
    if (!syntax) unrunGenerators(sf, checker, problems);
    problems.splice(start, problems.length - start, ...problems.slice(start).sort((a, b) => a.line - b.line || a.column - b.column));
  }
  return problems;
}

function isGenerator(t: ts.Type): boolean {
  const name = (t.aliasSymbol ?? t.getSymbol())?.getName();
  if (name === 'Generator' || name === 'Gen') return true;
  return t.isUnion() && t.types.length > 0 && t.types.every(isGenerator);
}

/** `f(...)` as a statement, or `yield f(...)`, where f(...) is a generator: it never runs. */
function unrunGenerators(sf: ts.SourceFile, checker: ts.TypeChecker, out: Problem[]): void {
  const visit = (n: ts.Node): void => {
    if (ts.isExpressionStatement(n)) {
      const e = skipParens(n.expression);
      if ((ts.isCallExpression(e) || ts.isNewExpression(e)) && isGenerator(checker.getTypeAtLocation(e))) {
        const text = e.getText(sf);
        out.push(problem(sf, e.getStart(sf), `${text} makes a generator and drops it, so the call never runs: write yield* ${text}`, 'gomachine'));
      }
    } else if (ts.isYieldExpression(n) && n.asteriskToken === undefined && n.expression !== undefined && isGenerator(checker.getTypeAtLocation(n.expression))) {
      const text = n.expression.getText(sf);
      out.push(problem(sf, n.getStart(sf), `yield ${text} yields the generator instead of running it: write yield* ${text}`, 'gomachine'));
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
}

function skipParens(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return e;
}

function problem(sf: ts.SourceFile, pos: number, message: string, code: string): Problem {
  const { line, character } = sf.getLineAndCharacterOfPosition(pos);
  const lines = sf.text.split(/\r?\n/);
  const num = (i: number): string => String(i + 1).padStart(String(line + 2).length);
  const excerpt = [
    ...(line > 0 ? [`${num(line - 1)} | ${lines[line - 1]}`] : []),
    `${num(line)} | ${lines[line]}`,
    `${' '.repeat(num(line).length)} | ${lines[line]!.slice(0, character).replace(/[^\t]/g, ' ')}^`,
  ].join('\n');
  return { file: sf.fileName, line: line + 1, column: character + 1, message: `${message} (${code})`, excerpt };
}

/** A problem as a compiler prints it. */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.column}: error: ${p.message}\n${p.excerpt}`;
}
