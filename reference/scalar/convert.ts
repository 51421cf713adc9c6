/**
 * Moving the contract's plain numbers into a Field<T> and back.
 *
 * A float64 input is converted *exactly*: x = m · 2^e with m an integer of at most 53 bits, so the
 * Decimal reference computes on the very numbers the float64 code sees (decimal.js's `new Decimal(x)`
 * would read the shortest decimal string of x instead, which differs from x by up to half an ulp).
 */
import type { ActivationName } from '../../contract/names.js';
import type { Matrix, Net, Params, Vector } from '../../contract/types.js';
import { checkNet, resolveAlpha } from '../../contract/validate.js';
import type { Field } from '../field.js';

/** A layer whose numbers live in the field: W is n_l × n_{l−1} (row j = weights into unit j). */
export interface FieldLayer<T> {
  W: T[][];
  b: T[];
  activation: ActivationName;
  /** The resolved α (the activation's default when the net gave none). */
  alpha: T;
}

/** A network converted into a field once, so many evaluations (finite differences) reuse it. */
export interface FieldNet<T> {
  /** Which field the numbers belong to (also tells a FieldNet from a plain Net). */
  readonly field: 'float64' | 'decimal';
  layers: FieldLayer<T>[];
}

/** Names one parameter: `layer` indexes net.layers (0-based, like gradW[layer]); W[j][k] or b[j]. */
export type ParamRef =
  | { layer: number; kind: 'W'; j: number; k: number }
  | { layer: number; kind: 'b'; j: number };

/** 2^e in the field, by repeated squaring (exact in float64 within range; ~50 digits in Decimal). */
/**
 * The exact value of the float64 number x in the field (rounded only to the field's precision).
 * Every Field's `of` is exact (reference/field.ts converts a double as m·2^e, never through its
 * shortest decimal string); this name stays for readability at the call sites.
 */
export function exactOf<T>(F: Field<T>, x: number): T {
  return F.of(x);
}

export function vectorToField<T>(F: Field<T>, v: readonly number[]): T[] {
  return v.map((x) => exactOf(F, x));
}

export function matrixToField<T>(F: Field<T>, M: readonly (readonly number[])[]): T[][] {
  return M.map((row) => vectorToField(F, row));
}

/** A contract Net in the field (validated first: bad nets give typed errors); α resolved to its default. */
export function netToField<T>(F: Field<T>, net: Net): FieldNet<T> {
  checkNet(net);
  return {
    field: F.name,
    layers: net.layers.map((layer) => ({
      W: matrixToField(F, layer.W),
      b: vectorToField(F, layer.b),
      activation: layer.activation,
      alpha: exactOf(F, resolveAlpha(layer.activation, layer.alpha)),
    })),
  };
}

export function isFieldNet<T>(net: Net | FieldNet<T>): net is FieldNet<T> {
  return typeof (net as FieldNet<T>).field === 'string';
}

/** A matrix that may already be in the field (entries that are plain numbers are converted). */
export function asFieldMatrix<T>(F: Field<T>, M: readonly (readonly (number | T)[])[]): T[][] {
  return M.map((row) => row.map((x) => (typeof x === 'number' ? exactOf(F, x) : x)));
}

/** Field values back to float64: each rounded to the nearest double. */
export function vectorToNumbers<T>(F: Field<T>, v: readonly T[]): Vector {
  return v.map((x) => F.toNumber(x));
}
export function matrixToNumbers<T>(F: Field<T>, M: readonly (readonly T[])[]): Matrix {
  return M.map((row) => vectorToNumbers(F, row));
}
export function tensorToNumbers<T>(F: Field<T>, Ms: readonly (readonly (readonly T[])[])[]): Matrix[] {
  return Ms.map((M) => matrixToNumbers(F, M));
}

/** The parameters θ = (W, b) of a FieldNet (shared arrays: do not mutate). */
export function paramsOf<T>(net: FieldNet<T>): { W: T[][][]; b: T[][] } {
  return { W: net.layers.map((l) => l.W), b: net.layers.map((l) => l.b) };
}

/** A copy of `net` with one parameter moved by h (θ_ref + h); the rest is shared, nothing is mutated. */
export function perturbNet<T>(F: Field<T>, net: FieldNet<T>, at: ParamRef, h: T): FieldNet<T> {
  const layers = net.layers.slice();
  const layer = layers[at.layer];
  if (!layer) throw new RangeError(`perturbNet: no layer index ${at.layer} (net has ${layers.length})`);
  if (at.kind === 'b') {
    if (at.j < 0 || at.j >= layer.b.length) throw new RangeError(`perturbNet: no b[${at.j}] in layer index ${at.layer}`);
    const b = layer.b.slice();
    b[at.j] = F.add(b[at.j]!, h);
    layers[at.layer] = { ...layer, b };
  } else {
    const row = layer.W[at.j];
    if (!row || at.k < 0 || at.k >= row.length) throw new RangeError(`perturbNet: no W[${at.j}][${at.k}] in layer index ${at.layer}`);
    const W = layer.W.slice();
    const r = row.slice();
    r[at.k] = F.add(r[at.k]!, h);
    W[at.j] = r;
    layers[at.layer] = { ...layer, W };
  }
  return { field: net.field, layers };
}

/**
 * A copy of `net` moved along a direction: θ + h·d, with d = { W, b } shaped like the net's
 * parameters (plain numbers or field values). Used for directional finite differences.
 */
export function moveNet<T>(
  F: Field<T>,
  net: FieldNet<T>,
  direction: Params | { W: T[][][]; b: T[][] },
  h: T,
): FieldNet<T> {
  const d = (x: number | T): T => (typeof x === 'number' ? exactOf(F, x) : x);
  return {
    field: net.field,
    layers: net.layers.map((layer, l) => {
      const dW = direction.W[l] as (number | T)[][] | undefined;
      const db = direction.b[l] as (number | T)[] | undefined;
      if (!dW || !db || dW.length !== layer.W.length || db.length !== layer.b.length) {
        throw new RangeError(`moveNet: direction does not match the shape of layer index ${l}`);
      }
      return {
        ...layer,
        W: layer.W.map((row, j) => {
          const dr = dW[j]!;
          if (dr.length !== row.length) throw new RangeError(`moveNet: direction W[${l}][${j}] has the wrong length`);
          return row.map((w, k) => F.add(w, F.mul(h, d(dr[k]!))));
        }),
        b: layer.b.map((bj, j) => F.add(bj, F.mul(h, d(db[j]!)))),
      };
    }),
  };
}
