/**
 * The mutants of a TypeScript source file, made from its AST (the TypeScript compiler API): the small
 * changes a bug in a formula usually is — a swapped operator, a changed literal, a dropped term, an
 * off-by-one bound, a removed statement. Pure functions, no I/O: scripts/mutation/run.ts applies them to
 * reference/, compiles and runs `nn-oracle check` on each.
 *
 * What is not mutated, and why:
 *  - types, imports and exports (no behaviour);
 *  - string literals and template strings (names and messages, not arithmetic);
 *  - the arguments of a `throw` (how an error message is worded); the `throw` itself is removed by
 *    the statement-removal operator, so "the input is no longer refused" is a mutant.
 */
import ts from 'typescript';

export interface Mutant {
  /** Path of the file, relative to the repository root (forward slashes). */
  file: string;
  /** The operator that made it (e.g. "binary-operator", "drop-term"). */
  operator: string;
  /** Character range of the source replaced, and what replaces it. */
  start: number;
  end: number;
  original: string;
  replacement: string;
  /** 1-based line of `start`. */
  line: number;
  /** The enclosing function or variable name (for reading a report), or "" at top level. */
  scope: string;
}

const BINARY_SWAPS: ReadonlyMap<ts.SyntaxKind, readonly ts.SyntaxKind[]> = new Map([
  [ts.SyntaxKind.PlusToken, [ts.SyntaxKind.MinusToken]],
  [ts.SyntaxKind.MinusToken, [ts.SyntaxKind.PlusToken]],
  [ts.SyntaxKind.AsteriskToken, [ts.SyntaxKind.SlashToken]],
  [ts.SyntaxKind.SlashToken, [ts.SyntaxKind.AsteriskToken]],
  [ts.SyntaxKind.PercentToken, [ts.SyntaxKind.AsteriskToken]],
  [ts.SyntaxKind.LessThanToken, [ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanToken]],
  [ts.SyntaxKind.LessThanEqualsToken, [ts.SyntaxKind.LessThanToken, ts.SyntaxKind.GreaterThanToken]],
  [ts.SyntaxKind.GreaterThanToken, [ts.SyntaxKind.GreaterThanEqualsToken, ts.SyntaxKind.LessThanToken]],
  [ts.SyntaxKind.GreaterThanEqualsToken, [ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.LessThanToken]],
  [ts.SyntaxKind.EqualsEqualsEqualsToken, [ts.SyntaxKind.ExclamationEqualsEqualsToken]],
  [ts.SyntaxKind.ExclamationEqualsEqualsToken, [ts.SyntaxKind.EqualsEqualsEqualsToken]],
  [ts.SyntaxKind.AmpersandAmpersandToken, [ts.SyntaxKind.BarBarToken]],
  [ts.SyntaxKind.BarBarToken, [ts.SyntaxKind.AmpersandAmpersandToken]],
  [ts.SyntaxKind.PlusEqualsToken, [ts.SyntaxKind.MinusEqualsToken]],
  [ts.SyntaxKind.MinusEqualsToken, [ts.SyntaxKind.PlusEqualsToken]],
  [ts.SyntaxKind.AsteriskEqualsToken, [ts.SyntaxKind.SlashEqualsToken]],
  [ts.SyntaxKind.SlashEqualsToken, [ts.SyntaxKind.AsteriskEqualsToken]],
]);

/** Method names of the number fields (reference/field.ts) and decimal.js, and what each is swapped with. */
const METHOD_SWAPS: Readonly<Record<string, readonly string[]>> = {
  add: ['sub'],
  sub: ['add'],
  mul: ['div'],
  div: ['mul'],
  gt: ['gte'],
  gte: ['gt'],
  plus: ['minus'],
  minus: ['plus'],
  times: ['div'],
  max: ['min'],
  min: ['max'],
  floor: ['ceil'],
  ceil: ['floor'],
  exp: ['expm1'],
  expm1: ['exp'],
  log: ['log1p'],
  log1p: ['log'],
};

/** Calls f(a, b) that can lose one argument (a dropped term or factor): which arguments may stay. */
const DROP_ARGUMENT: Readonly<Record<string, readonly number[]>> = {
  add: [0, 1],
  sub: [0],
  mul: [0, 1],
  div: [0],
  plus: [0],
  minus: [0],
  times: [0],
};

/** Calls f(x) that can be replaced by x (a dropped function). */
const DROP_CALL = new Set(['sqrt', 'abs', 'exp', 'log', 'tanh', 'neg']);

function isStringy(n: ts.Node): boolean {
  return ts.isStringLiteral(n) || ts.isTemplateExpression(n) || ts.isNoSubstitutionTemplateLiteral(n);
}

/** The name of the nearest enclosing function, method or variable, for the report. */
function scopeOf(node: ts.Node): string {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if ((ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) && n.name) return n.name.getText();
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name)) return n.name.text;
    if (ts.isPropertyAssignment(n) && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name))) {
      const outer = scopeOf(n);
      return outer ? `${outer}.${n.name.text}` : n.name.text;
    }
  }
  return '';
}

/** Parts of the tree with no run-time behaviour worth mutating. */
function skipSubtree(n: ts.Node): boolean {
  return (
    ts.isTypeNode(n) ||
    ts.isInterfaceDeclaration(n) ||
    ts.isTypeAliasDeclaration(n) ||
    ts.isImportDeclaration(n) ||
    ts.isExportDeclaration(n) ||
    ts.isTypeParameterDeclaration(n) ||
    ts.isDecorator(n) ||
    isStringy(n)
  );
}

/** Every mutant of one source file (deterministic order: position in the file, then operator). */
export function mutantsOf(file: string, text: string): Mutant[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out: Mutant[] = [];
  const add = (node: ts.Node | { start: number; end: number; at: ts.Node }, operator: string, replacement: string) => {
    const start = 'at' in node ? node.start : node.getStart(sf);
    const end = 'at' in node ? node.end : node.getEnd();
    const original = text.slice(start, end);
    if (original === replacement) return;
    out.push({ file, operator, start, end, original, replacement, line: sf.getLineAndCharacterOfPosition(start).line + 1, scope: scopeOf('at' in node ? node.at : node) });
  };
  const src = (n: ts.Node) => n.getText(sf);

  const visit = (n: ts.Node): void => {
    if (skipSubtree(n)) return;
    if (ts.isThrowStatement(n)) {
      add(n, 'remove-statement', ';');
      return; // the message is not computation (see the module comment)
    }

    if (ts.isBinaryExpression(n)) {
      const op = n.operatorToken.kind;
      const stringy = isStringy(n.left) || isStringy(n.right);
      for (const to of BINARY_SWAPS.get(op) ?? []) {
        if (stringy && (op === ts.SyntaxKind.PlusToken || op === ts.SyntaxKind.PlusEqualsToken)) continue;
        add({ start: n.operatorToken.getStart(sf), end: n.operatorToken.getEnd(), at: n }, 'binary-operator', ts.tokenToString(to)!);
      }
      if (!stringy && (op === ts.SyntaxKind.PlusToken || op === ts.SyntaxKind.AsteriskToken)) {
        add(n, 'drop-term', src(n.left));
        add(n, 'drop-term', src(n.right));
      }
      if (op === ts.SyntaxKind.MinusToken || op === ts.SyntaxKind.SlashToken) add(n, 'drop-term', src(n.left));
      // an off-by-one bound: i < n → i < n − 1 (the loop stops one short)
      if ((op === ts.SyntaxKind.LessThanToken || op === ts.SyntaxKind.LessThanEqualsToken) && n.parent && ts.isForStatement(n.parent) && n.parent.condition === n) {
        add(n.right, 'off-by-one', `(${src(n.right)}) - 1`);
      }
    }

    if (ts.isPrefixUnaryExpression(n)) {
      if (n.operator === ts.SyntaxKind.MinusToken) add(n, 'drop-negation', src(n.operand));
      if (n.operator === ts.SyntaxKind.ExclamationToken) add(n, 'drop-negation', src(n.operand));
      if (n.operator === ts.SyntaxKind.PlusPlusToken) add(n, 'update-operator', `--${src(n.operand)}`);
      if (n.operator === ts.SyntaxKind.MinusMinusToken) add(n, 'update-operator', `++${src(n.operand)}`);
    }
    if (ts.isPostfixUnaryExpression(n)) {
      if (n.operator === ts.SyntaxKind.PlusPlusToken) add(n, 'update-operator', `${src(n.operand)}--`);
      if (n.operator === ts.SyntaxKind.MinusMinusToken) add(n, 'update-operator', `${src(n.operand)}++`);
    }

    if (ts.isNumericLiteral(n)) {
      const v = Number(n.text);
      if (Number.isInteger(v)) {
        add(n, 'literal', String(v + 1));
        if (v > 0) add(n, 'literal', String(v - 1));
      } else {
        add(n, 'literal', String(v * 2));
      }
    }
    if (n.kind === ts.SyntaxKind.TrueKeyword) add(n, 'literal', 'false');
    if (n.kind === ts.SyntaxKind.FalseKeyword) add(n, 'literal', 'true');

    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
      const name = n.expression.name.text;
      for (const to of METHOD_SWAPS[name] ?? []) add(n.expression.name, 'method-swap', to);
      for (const k of DROP_ARGUMENT[name] ?? []) if (n.arguments.length === 2) add(n, 'drop-term', `(${src(n.arguments[k]!)})`);
      if (DROP_CALL.has(name) && n.arguments.length === 1) add(n, 'drop-call', `(${src(n.arguments[0]!)})`);
    }

    if (ts.isIfStatement(n)) {
      add(n.expression, 'condition', 'true');
      add(n.expression, 'condition', 'false');
    }
    if (ts.isConditionalExpression(n)) {
      add(n.condition, 'condition', 'true');
      add(n.condition, 'condition', 'false');
    }
    if (ts.isExpressionStatement(n)) add(n, 'remove-statement', ';');

    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** The source with the mutant applied. */
export function applyMutant(text: string, m: Mutant): string {
  return text.slice(0, m.start) + m.replacement + text.slice(m.end);
}

/** The mutated lines as a small diff: `- before` / `+ after` with the file and line. */
export function mutantDiff(text: string, m: Mutant): string {
  const lineStart = text.lastIndexOf('\n', m.start - 1) + 1;
  let lineEnd = text.indexOf('\n', m.end);
  if (lineEnd < 0) lineEnd = text.length;
  const before = text.slice(lineStart, lineEnd);
  const after = applyMutant(text, m).slice(lineStart, lineEnd + m.replacement.length - (m.end - m.start));
  const fmt = (sign: string, s: string) => s.split('\n').map((l) => `${sign} ${l}`).join('\n');
  return `${m.file}:${m.line} (${m.operator}${m.scope ? `, in ${m.scope}` : ''})\n${fmt('-', before)}\n${fmt('+', after)}`;
}

/**
 * A key for a mutant that survives edits elsewhere in the file: the file, the enclosing function, the
 * operator, the trimmed text of the line changed, the column in it, and the text replaced and replacing. Used to match the
 * mutants judged equivalent (scripts/mutation/equivalent.json).
 */
export function mutantKey(text: string, m: Mutant): string {
  const lineStart = text.lastIndexOf('\n', m.start - 1) + 1;
  let lineEnd = text.indexOf('\n', m.end);
  if (lineEnd < 0) lineEnd = text.length;
  const line = text.slice(lineStart, lineEnd);
  const indent = line.length - line.trimStart().length;
  const before = line.replace(/\s+/g, ' ').trim();
  return `${m.file} | ${m.scope} | ${m.operator} | ${before} | @${m.start - lineStart - indent} ${m.original.replace(/\s+/g, ' ')} → ${m.replacement.replace(/\s+/g, ' ')}`;
}
