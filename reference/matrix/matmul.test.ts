import { describe, expect, it } from 'vitest';
import { UNIT_ROUNDOFF, dotErrorBound } from '../../tolerance/model.js';
import { ShapeError } from '../../contract/errors.js';
import { createRng } from '../learning/rng.js';
import { type Mat, fromRows, toRows, transpose, zeros } from './mat.js';
import { K_BLOCK, matmul, matmulABt, matmulAtB } from './matmul.js';

const u = UNIT_ROUNDOFF.float64;
const rng = createRng(20261123);

function randomMat(rows: number, cols: number): Mat {
  const M = zeros(rows, cols);
  for (let i = 0; i < M.data.length; i++) M.data[i] = rng.uniformIn(-1, 1);
  return M;
}

/** The textbook triple loop C_ij = Σ_p A_ip B_pj, and its gauge Σ_p |A_ip B_pj| per entry. */
function naive(A: Mat, B: Mat): { C: Mat; gauge: Mat } {
  const C = zeros(A.rows, B.cols);
  const gauge = zeros(A.rows, B.cols);
  for (let i = 0; i < A.rows; i++)
    for (let j = 0; j < B.cols; j++) {
      let s = 0;
      let g = 0;
      for (let p = 0; p < A.cols; p++) {
        const t = A.data[i * A.cols + p]! * B.data[p * B.cols + j]!;
        s += t;
        g += Math.abs(t);
      }
      C.data[i * C.cols + j] = s;
      gauge.data[i * C.cols + j] = g;
    }
  return { C, gauge };
}

/** Both results are within γ_k·gauge of the exact product, so of each other within 2γ_k·gauge. */
function expectClose(got: Mat, want: { C: Mat; gauge: Mat }, k: number) {
  expect([got.rows, got.cols]).toEqual([want.C.rows, want.C.cols]);
  for (let i = 0; i < got.data.length; i++) {
    const allowed = 2 * dotErrorBound(k, want.gauge.data[i]!, u);
    expect(Math.abs(got.data[i]! - want.C.data[i]!)).toBeLessThanOrEqual(allowed);
  }
}

// 1×1, shapes that are not multiples of the 2 × 3 tile, and k across the K_BLOCK boundary.
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [1, 5, 1],
  [2, 3, 3],
  [3, 1, 4],
  [5, 7, 2],
  [7, 4, 11],
  [4, 9, 6],
  [13, K_BLOCK - 1, 5],
  [3, K_BLOCK, 4],
  [5, K_BLOCK + 1, 7],
  [2, 2 * K_BLOCK + 3, 3],
];

describe('matmul family against the naive triple loop', () => {
  for (const [m, k, n] of SHAPES) {
    it(`A·B, A·Bᵀ, Aᵀ·B for m=${m}, k=${k}, n=${n}`, () => {
      const A = randomMat(m, k);
      const B = randomMat(k, n);
      const want = naive(A, B);
      expectClose(matmul(A, B), want, k);
      expectClose(matmulABt(A, transpose(B)), want, k);
      expectClose(matmulAtB(transpose(A), B), want, k);
    });
  }

  it('is exact on small integers', () => {
    const A = fromRows([[1, 2, 3], [4, 5, 6]]);
    const B = fromRows([[7, 8], [9, 10], [11, 12]]);
    expect(toRows(matmul(A, B))).toEqual([[58, 64], [139, 154]]);
    expect(toRows(matmulABt(A, A))).toEqual([[14, 32], [32, 77]]);
    expect(toRows(matmulAtB(A, A))).toEqual([[17, 22, 27], [22, 29, 36], [27, 36, 45]]);
  });

  it('overwrites a reused output buffer instead of accumulating into it', () => {
    const A = randomMat(3, 5);
    const B = randomMat(4, 5);
    const out = zeros(3, 4);
    out.data.fill(123);
    const first = matmulABt(A, B, out).data.slice();
    matmulABt(A, B, out);
    expect(out.data).toEqual(first);
    expect(matmulABt(A, B).data).toEqual(first);
  });

  it('refuses mismatched shapes with a ShapeError', () => {
    expect(() => matmul(zeros(2, 3), zeros(4, 2))).toThrow(ShapeError);
    expect(() => matmulABt(zeros(2, 3), zeros(2, 4))).toThrow(ShapeError);
    expect(() => matmulAtB(zeros(2, 3), zeros(3, 2))).toThrow(ShapeError);
    expect(() => matmulABt(zeros(2, 3), zeros(4, 3), zeros(2, 3))).toThrow(ShapeError);
  });

  it('transpose and the row conversions round-trip', () => {
    const rows = [[1, 2, 3], [4, 5, 6]];
    expect(toRows(transpose(fromRows(rows)))).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(toRows(transpose(transpose(fromRows(rows))))).toEqual(rows);
  });
});

describe('transpose', () => {
  it('matches the definition (Aᵀ)_ji = A_ij on shapes across the 16 × 16 tile', () => {
    for (const [r, c] of [[1, 1], [1, 17], [17, 1], [15, 16], [16, 33], [40, 7]] as const) {
      const A = randomMat(r, c);
      const T = transpose(A);
      expect([T.rows, T.cols]).toEqual([c, r]);
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) expect(T.data[j * r + i]).toBe(A.data[i * c + j]);
    }
  });
});
