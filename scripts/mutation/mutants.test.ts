import { describe, expect, it } from 'vitest';
import { applyMutant, mutantDiff, mutantKey, mutantsOf } from './mutants.js';

const SRC = `import { x } from './x.js';
export interface P { a: number }
/** doc */
export function f(F: any, a: number, b: number): number {
  if (a < 0) throw new Error(\`bad \${a + 1}\`);
  let s = 0;
  for (let i = 0; i < b; i++) s += a * i;
  return F.add(s, F.mul(a, 2)) - (b > 1 ? -a : 'str' + a) as number;
}
`;

describe('mutants of a TypeScript source', () => {
  const ms = mutantsOf('t.ts', SRC);
  const has = (op: string, from: string, to: string) => ms.some((m) => m.operator === op && m.original === from && m.replacement === to);

  it('swaps operators, changes literals, drops terms and negations, moves bounds, removes statements', () => {
    expect(has('binary-operator', '<', '<=')).toBe(true);
    expect(has('binary-operator', '*', '/')).toBe(true);
    expect(has('binary-operator', '+=', '-=')).toBe(true);
    expect(has('literal', '0', '1')).toBe(true);
    expect(has('literal', '2', '1')).toBe(true);
    expect(has('method-swap', 'add', 'sub')).toBe(true);
    expect(has('method-swap', 'mul', 'div')).toBe(true);
    expect(has('drop-term', 'F.mul(a, 2)', '(a)')).toBe(true);
    expect(has('drop-term', 'a * i', 'a')).toBe(true);
    expect(has('drop-negation', '-a', 'a')).toBe(true);
    expect(has('off-by-one', 'b', '(b) - 1')).toBe(true);
    expect(has('update-operator', 'i++', 'i--')).toBe(true);
    expect(has('condition', 'a < 0', 'false')).toBe(true);
    expect(has('condition', 'b > 1', 'true')).toBe(true);
    expect(ms.some((m) => m.operator === 'remove-statement' && m.original.startsWith('throw'))).toBe(true);
    expect(ms.some((m) => m.operator === 'remove-statement' && m.original === 's += a * i;')).toBe(true);
  });

  it('leaves types, imports, strings, error messages and string concatenation alone', () => {
    const lines = (m: { line: number }) => m.line;
    expect(ms.filter((m) => lines(m) <= 2)).toEqual([]);
    expect(ms.some((m) => m.operator !== 'remove-statement' && (m.original.includes('bad') || m.original === 'a + 1'))).toBe(false); // inside the throw
    expect(ms.some((m) => m.original === "'str' + a" || (m.operator === 'binary-operator' && m.original === '+' && m.line === 8))).toBe(false);
  });

  it('applies a mutant, shows it as a diff, and keys it independently of where the line is', () => {
    const m = ms.find((x) => x.operator === 'binary-operator' && x.original === '*')!;
    expect(applyMutant(SRC, m)).toContain('s += a / i');
    expect(mutantDiff(SRC, m)).toBe('t.ts:7 (binary-operator, in f)\n-   for (let i = 0; i < b; i++) s += a * i;\n+   for (let i = 0; i < b; i++) s += a / i;');
    const shifted = `// a line above\n${SRC}`;
    const m2 = mutantsOf('t.ts', shifted).find((x) => x.operator === 'binary-operator' && x.original === '*')!;
    expect(m2.line).toBe(8);
    expect(mutantKey(shifted, m2)).toBe(mutantKey(SRC, m));
  });
});
