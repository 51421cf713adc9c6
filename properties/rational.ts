/**
 * Exact rational arithmetic (BigInt fractions) for the facts that are exact statements: the normal
 * equations of the linear XOR fit, and Farkas certificates of infeasibility. Every float64 number is a
 * rational, so a float64 input is converted without error.
 */
export interface Q {
  n: bigint;
  d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
}

export function q(n: bigint | number, d: bigint | number = 1n): Q {
  let N = BigInt(n);
  let Dd = BigInt(d);
  if (Dd === 0n) throw new RangeError('rational with denominator 0');
  if (Dd < 0n) [N, Dd] = [-N, -Dd];
  const g = gcd(N, Dd) || 1n;
  return { n: N / g, d: Dd / g };
}

/** The exact rational value of a finite float64. */
export function qOf(x: number): Q {
  if (!Number.isFinite(x)) throw new RangeError(`not finite: ${x}`);
  let d = 1n;
  let m = x;
  while (!Number.isInteger(m)) {
    m *= 2;
    d *= 2n;
  }
  return q(BigInt(m), d);
}

export const add = (a: Q, b: Q): Q => q(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Q, b: Q): Q => q(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Q, b: Q): Q => q(a.n * b.n, a.d * b.d);
export const div = (a: Q, b: Q): Q => q(a.n * b.d, a.d * b.n);
export const isZero = (a: Q): boolean => a.n === 0n;
export const eq = (a: Q, b: Q): boolean => a.n === b.n && a.d === b.d;
export const toNumber = (a: Q): number => Number(a.n) / Number(a.d);
export const show = (a: Q): string => (a.d === 1n ? `${a.n}` : `${a.n}/${a.d}`);

/** Solves the square system M θ = r exactly (Gauss–Jordan); null when M is singular. */
export function solve(M: Q[][], r: Q[]): Q[] | null {
  const n = M.length;
  const A = M.map((row, i) => [...row, r[i]!]);
  for (let col = 0; col < n; col++) {
    const p = A.findIndex((row, i) => i >= col && !isZero(row[col]!));
    if (p < 0) return null;
    [A[col], A[p]] = [A[p]!, A[col]!];
    const pivot = A[col]![col]!;
    A[col] = A[col]!.map((v) => div(v, pivot));
    for (let i = 0; i < n; i++) {
      if (i === col || isZero(A[i]![col]!)) continue;
      const f = A[i]![col]!;
      A[i] = A[i]!.map((v, k) => sub(v, mul(f, A[col]![k]!)));
    }
  }
  return A.map((row) => row[n]!);
}

/**
 * The least-squares fit y ≈ Xw + b by the normal equations AᵀA θ = Aᵀy with A = [X 1] (003 "Solving
 * via normal equation"). Returns θ = (w_1, ..., w_n, b) exactly, or null if AᵀA is singular.
 */
export function normalEquations(X: readonly (readonly number[])[], y: readonly number[]): Q[] | null {
  const A = X.map((row) => [...row.map(qOf), q(1)]);
  const m = A[0]!.length;
  const AtA = Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => A.reduce((s, row) => add(s, mul(row[i]!, row[j]!)), q(0))));
  const Aty = Array.from({ length: m }, (_, i) => A.reduce((s, row, x) => add(s, mul(row[i]!, qOf(y[x]!))), q(0)));
  return solve(AtA, Aty);
}

/** One linear inequality in the unknowns u: coef · u > 0 (strict) or ≥ 0. */
export interface Inequality {
  coef: Q[];
  strict: boolean;
}

/**
 * Checks a Farkas certificate of infeasibility: multipliers λ ≥ 0 with Σ λ_i coef_i = 0 and λ_i > 0
 * for at least one strict inequality. Then summing the inequalities gives 0 > 0: no u satisfies them.
 * Returns a reason when the certificate is not valid, null when it is.
 */
export function checkFarkasCertificate(system: readonly Inequality[], lambda: readonly Q[]): string | null {
  if (lambda.length !== system.length) return `expected ${system.length} multipliers, got ${lambda.length}`;
  if (lambda.some((l) => l.n < 0n)) return 'a multiplier is negative';
  const m = system[0]!.coef.length;
  for (let k = 0; k < m; k++) {
    const s = system.reduce((acc, ineq, i) => add(acc, mul(lambda[i]!, ineq.coef[k]!)), q(0));
    if (!isZero(s)) return `the combination's coefficient ${k} is ${show(s)}, not 0`;
  }
  if (!system.some((ineq, i) => ineq.strict && lambda[i]!.n > 0n)) return 'no strict inequality has a positive multiplier (0 ≥ 0 is no contradiction)';
  return null;
}

/**
 * The inequalities a threshold unit ŷ = [w·x + b ≥ 0] must satisfy to classify labelled points,
 * in the unknowns u = (w_1, ..., w_n, b): label 1 → w·x + b ≥ 0; label 0 → −(w·x + b) > 0.
 */
export function perceptronSystem(X: readonly (readonly number[])[], labels: readonly (0 | 1)[]): Inequality[] {
  return X.map((x, i) => {
    const coef = [...x.map(qOf), q(1)];
    return labels[i] === 1 ? { coef, strict: false } : { coef: coef.map((c) => q(-c.n, c.d)), strict: true };
  });
}
