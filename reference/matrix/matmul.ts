/**
 * Matrix products for the float64 reference. One kernel does the arithmetic — C = A·Bᵀ, where
 * every entry is a dot product of a row of A with a row of B, both contiguous in memory — and the
 * other products are that kernel after an O(n²) transpose:
 *
 *   matmulABt(A, B) = A·Bᵀ     (forward: Z^l = A^{l−1} (W^l)ᵀ, batch rows are examples)
 *   matmul(A, B)    = A·B      (BP2: Δ^{l+1} W^{l+1})
 *   matmulAtB(A, B) = Aᵀ·B     (BP4: (Δ^l)ᵀ A^{l−1})
 *
 * Why this shape (measured in docs/performance.md, on a 2-core AMD EPYC under Node 20):
 *  - a 2 × 3 register tile: six running sums per pass over k, five loads for six multiply-adds,
 *    reached ~5.1 GFLOP/s, against ~4.3 for a 2 × 2 tile, ~3.0 for 1 × 3 and ~3.1 for an i-k-j loop
 *    with a 4-row tile (V8 does not vectorise, so loads per multiply-add decide the speed);
 *  - k is cut into blocks of K_BLOCK so the two rows of A and three rows of B being combined stay
 *    in L1 (5 × 512 × 8 bytes = 20 KiB) when k is large (k = batch size in BP4 at batch 4096);
 *    measured neutral so far (see docs/performance.md), kept because it costs nothing;
 *  - row offsets are hoisted out of the inner loop and nothing is allocated inside it.
 * The summation order differs from the naive loop; tolerance/model.ts bounds any order (γ_n).
 */
import { ShapeError } from '../../contract/errors.js';
import { type Mat, transpose, zeros } from './mat.js';

/** Length of a k-block: 2 rows of A and 3 of B, K_BLOCK doubles each, fit in a 48 KiB L1. */
export const K_BLOCK = 512;

/** C = A·Bᵀ for A (m × k) and B (n × k); C is m × n. `out`, if given, must be m × n and is overwritten. */
export function matmulABt(A: Mat, B: Mat, out?: Mat): Mat {
  if (A.cols !== B.cols) {
    throw new ShapeError({ where: 'matmulABt(A, B)', expected: `B with ${A.cols} columns (A·Bᵀ needs A.cols = B.cols)`, got: `${B.rows} × ${B.cols}` });
  }
  const m = A.rows;
  const k = A.cols;
  const n = B.rows;
  const C = out ?? zeros(m, n);
  if (C.rows !== m || C.cols !== n) {
    throw new ShapeError({ where: 'matmulABt(A, B, out)', expected: `out ${m} × ${n}`, got: `${C.rows} × ${C.cols}` });
  }
  const a = A.data;
  const b = B.data;
  const c = C.data;
  c.fill(0);
  for (let p0 = 0; p0 < k; p0 += K_BLOCK) {
    const p1 = Math.min(k, p0 + K_BLOCK);
    let i = 0;
    for (; i + 1 < m; i += 2) {
      const a0 = i * k;
      const a1 = a0 + k;
      const c0 = i * n;
      const c1 = c0 + n;
      let j = 0;
      for (; j + 2 < n; j += 3) {
        const b0 = j * k;
        const b1 = b0 + k;
        const b2 = b1 + k;
        let s00 = 0, s01 = 0, s02 = 0, s10 = 0, s11 = 0, s12 = 0;
        for (let p = p0; p < p1; p++) {
          const x0 = a[a0 + p]!;
          const x1 = a[a1 + p]!;
          const y0 = b[b0 + p]!;
          const y1 = b[b1 + p]!;
          const y2 = b[b2 + p]!;
          s00 += x0 * y0;
          s01 += x0 * y1;
          s02 += x0 * y2;
          s10 += x1 * y0;
          s11 += x1 * y1;
          s12 += x1 * y2;
        }
        c[c0 + j] += s00;
        c[c0 + j + 1] += s01;
        c[c0 + j + 2] += s02;
        c[c1 + j] += s10;
        c[c1 + j + 1] += s11;
        c[c1 + j + 2] += s12;
      }
      for (; j < n; j++) {
        const b0 = j * k;
        let s0 = 0, s1 = 0;
        for (let p = p0; p < p1; p++) {
          const y = b[b0 + p]!;
          s0 += a[a0 + p]! * y;
          s1 += a[a1 + p]! * y;
        }
        c[c0 + j] += s0;
        c[c1 + j] += s1;
      }
    }
    for (; i < m; i++) {
      const a0 = i * k;
      const c0 = i * n;
      for (let j = 0; j < n; j++) {
        const b0 = j * k;
        let s = 0;
        for (let p = p0; p < p1; p++) s += a[a0 + p]! * b[b0 + p]!;
        c[c0 + j] += s;
      }
    }
  }
  return C;
}

/** C = A·B for A (m × k) and B (k × n). */
export function matmul(A: Mat, B: Mat): Mat {
  if (A.cols !== B.rows) {
    throw new ShapeError({ where: 'matmul(A, B)', expected: `B with ${A.cols} rows (A·B needs A.cols = B.rows)`, got: `${B.rows} × ${B.cols}` });
  }
  return matmulABt(A, transpose(B));
}

/** C = Aᵀ·B for A (k × m) and B (k × n). */
export function matmulAtB(A: Mat, B: Mat): Mat {
  if (A.rows !== B.rows) {
    throw new ShapeError({ where: 'matmulAtB(A, B)', expected: `B with ${A.rows} rows (Aᵀ·B needs A.rows = B.rows)`, got: `${B.rows} × ${B.cols}` });
  }
  return matmulABt(transpose(A), transpose(B));
}
