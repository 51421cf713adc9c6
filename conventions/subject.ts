/**
 * A subject that follows some convention settings, seen through the notes' conventions where the
 * conversion is exact — so the notes' property pack (`nn-oracle check`) can run on, say, a library
 * with PyTorch's mse and still report every other difference:
 *  - an alpha-less leaky_relu / elu (argument or layer) is given the NOTES' α explicitly;
 *  - loss values are divided by the settings' loss scale c (mse-form, bce-form) and batch factor
 *    (batch-reduction); backward's δ by c, gradW and gradB by c × the batch factor (exact: BP1–BP4 are
 *    linear in E).
 * Everything else (kinks, optimizers, clipping, normalisation) passes through unchanged, so the
 * properties still see those differences and report them.
 */
import { DEFAULT_ALPHA, type ActivationName, alphaOf } from '../contract/names.js';
import type { Matrix, Net, Subject } from '../contract/types.js';
import { batchFactor, lossScale } from './expected.js';
import { NOTES_SETTINGS, SWITCH_NAMES, formatSetting, type ConventionSettings } from './switches.js';

const notesAlpha = (name: ActivationName, alpha?: number) => (name in DEFAULT_ALPHA ? alphaOf(name, alpha) : alpha);

function withNotesAlphas(net: Net): Net {
  if (!net || !Array.isArray(net.layers)) return net;
  return { ...net, layers: net.layers.map((l) => (l && l.alpha === undefined && notesAlpha(l.activation) !== undefined ? { ...l, alpha: notesAlpha(l.activation) } : l)) };
}

const divided = (M: Matrix[], d: number): Matrix[] => (d === 1 ? M : M.map((A) => A.map((r) => r.map((x) => x / d))));

/**
 * `subject` (which follows `settings`) as the notes' conventions would see it. `label` names the
 * settings in the subject's name (a profile name; default: the switches that differ from the notes).
 * With the notes' settings the subject is returned as it is.
 */
export function inNotesConventionsOf(subject: Subject, settings: Readonly<ConventionSettings>, label?: string): Subject {
  const differing = SWITCH_NAMES.filter((n) => settings[n] !== NOTES_SETTINGS[n]);
  if (differing.length === 0) return subject;
  const f = subject.fns;
  const fns: Subject['fns'] = { ...f };
  if (f.activate) fns.activate = (name, z, alpha) => f.activate!(name, z, notesAlpha(name, alpha));
  if (f.activateGrad) fns.activateGrad = (name, z, alpha) => f.activateGrad!(name, z, notesAlpha(name, alpha));
  if (f.forward) fns.forward = (net, X) => f.forward!(withNotesAlphas(net), X);
  if (f.loss) {
    fns.loss = async (name, A, Y) => {
      const n = Array.isArray(A) && Array.isArray(A[0]) ? A[0].length : 1;
      const B = Array.isArray(A) ? A.length : 1;
      return (await f.loss!(name, A, Y)) / (lossScale(settings, name, n) * batchFactor(settings, B));
    };
  }
  if (f.backward) {
    fns.backward = async (net, X, Y, lossName) => {
      const full = withNotesAlphas(net);
      const r = await f.backward!(full, X, Y, lossName);
      const c = lossScale(settings, lossName, full.layers[full.layers.length - 1]!.b.length);
      const g = c * batchFactor(settings, Array.isArray(X) ? X.length : 1);
      if (c === 1 && g === 1) return r;
      return { delta: divided(r.delta, c), gradW: divided(r.gradW, g), gradB: r.gradB.map((b) => (g === 1 ? b : b.map((x) => x / g))) };
    };
  }
  const named = label ?? differing.map((n) => formatSetting(n, settings[n])).join(', ');
  return {
    name: `${subject.name} (in the notes' conventions from ${named})`,
    precision: subject.precision,
    description: subject.description,
    fns,
    // a method on a class instance would not survive a spread: forward it explicitly
    ...(subject.dispose ? { dispose: () => subject.dispose!() } : {}),
  };
}
