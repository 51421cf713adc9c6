/**
 * The notes' constructions: threshold units, gates and perceptron learning, Boolean circuits (DNF/CNF,
 * parity), the approximation constructions (sums of ReLUs, sigmoid steps), the theory helpers and the
 * named training experiments.
 */
export {
  GATES,
  GATE_TRUTH,
  allInputs,
  compileBoolean,
  countUnits,
  novikoffBound,
  parity,
  parityTree,
  perceptronLearn,
  thresholdUnit,
  type GateName,
  type ParityTree,
  type PerceptronOptions,
  type PerceptronRun,
  type ThresholdUnit,
} from './logic.js';
export { NOTES_SIGMOID_STEP, evalReluSum, grid, reluInterpolant, sigmoidEdge, type ReluInterpolant } from './approx.js';
export { chainGradientIn, chainNet, logitLossIn, pmToBinary, reluChainGradient, sigmoidChainBound } from './theory.js';
export { EXPERIMENTS, XOR_DATA, XOR_MEASURED, XOR_RECIPE, adam, experiment, recipeNet, type Experiment, type Recipe } from './experiments.js';
