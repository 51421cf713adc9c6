/**
 * The matrix reference's one data type: a dense row-major float64 matrix. Entry (i, j) lives at
 * data[i * cols + j]. In a batch, rows are examples (B rows) and columns are units (n_l columns),
 * so Z^l is B × n_l and row x of Z^l is the notes' z^l for example x.
 */
import { ShapeError } from '../../contract/errors.js';
import type { Matrix } from '../../contract/types.js';

export interface Mat {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** A rows × cols matrix of zeros. */
export function zeros(rows: number, cols: number): Mat {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** Wraps existing data (no copy); the length must be rows × cols. */
export function mat(rows: number, cols: number, data: Float64Array): Mat {
  if (data.length !== rows * cols) {
    throw new ShapeError({ where: 'mat', expected: `${rows * cols} entries (${rows} × ${cols})`, got: `${data.length}` });
  }
  return { rows, cols, data };
}

/** From nested arrays (assumed rectangular: validate first with contract/validate.ts). */
export function fromRows(M: readonly (readonly number[])[]): Mat {
  const rows = M.length;
  const cols = rows > 0 ? M[0]!.length : 0;
  const data = new Float64Array(rows * cols);
  // TypedArray.set copies a row in V8's builtin (fast for packed arrays of numbers); an indexed
  // loop here was deoptimised by rows of mixed element kinds (integers in Y, doubles in X).
  for (let i = 0; i < rows; i++) data.set(M[i]!, i * cols);
  return { rows, cols, data };
}

/** A 1 × n matrix holding a vector (e.g. a bias b^l). */
export function rowVector(v: readonly number[]): Mat {
  return { rows: 1, cols: v.length, data: Float64Array.from(v) };
}

/** To nested arrays (fresh plain arrays: the contract's JSON form). */
export function toRows(A: Mat): Matrix {
  const out: Matrix = new Array(A.rows);
  for (let i = 0; i < A.rows; i++) {
    const off = i * A.cols;
    const r = new Array<number>(A.cols);
    for (let j = 0; j < A.cols; j++) r[j] = A.data[off + j]!;
    out[i] = r;
  }
  return out;
}

/** Row i as a fresh plain array. */
export function row(A: Mat, i: number): number[] {
  return Array.from(A.data.subarray(i * A.cols, (i + 1) * A.cols));
}

export function clone(A: Mat): Mat {
  return { rows: A.rows, cols: A.cols, data: A.data.slice() };
}

/** Side of the square tiles transpose() copies: a 16 × 16 tile of doubles is 2 KiB, L1-resident. */
const TRANSPOSE_TILE = 16;

/**
 * Aᵀ, as a fresh matrix. Copied tile by tile so that both the rows read and the columns written
 * stay in cache: on a 4096 × 784 batch this took 14–18 ms against 53–64 ms for the row-by-row
 * loop (CPU time, docs/performance.md); the matmul family transposes on every call.
 */
export function transpose(A: Mat): Mat {
  const { rows, cols, data } = A;
  const T = new Float64Array(rows * cols);
  for (let i0 = 0; i0 < rows; i0 += TRANSPOSE_TILE) {
    const i1 = Math.min(rows, i0 + TRANSPOSE_TILE);
    for (let j0 = 0; j0 < cols; j0 += TRANSPOSE_TILE) {
      const j1 = Math.min(cols, j0 + TRANSPOSE_TILE);
      for (let i = i0; i < i1; i++) {
        const off = i * cols;
        for (let j = j0; j < j1; j++) T[j * rows + i] = data[off + j]!;
      }
    }
  }
  return { rows: cols, cols: rows, data: T };
}
