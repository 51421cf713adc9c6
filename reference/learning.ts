/**
 * The learning API in one import (issue 4): optimizers in generic form, learning-rate schedules,
 * seeded randomness, initialisation, the training loop and its data handling, batch normalisation,
 * threshold units and perceptron learning, the notes' theory constructions and the named experiments.
 * (`step` and `perceptronStep`, the contract's functions, are exported by reference/index.ts.)
 *
 *   import { initNet, train, adam } from 'nn-oracle';   // once the package entry re-exports this module
 */
export { OPTIMIZER_SLOTS, initialState, paramsTo, paramsToNumber, stateTo, stateToNumber, stepDecimal, stepIn, updateCoordinate, type ParamsIn, type StateIn } from './optimizers.js';
export { learningRate, scheduled, withLearningRate, type Schedule } from './schedule.js';
export { createRng, normaliseSeed, rngFromState, type Rng } from './rng.js';
export { INIT_SCHEMES, glorotNormalVariance, glorotUniformLimit, initNet, initWeights, type InitOptions, type InitScheme } from './init.js';
export {
  classificationError,
  crossValidate,
  datasetLoss,
  fitStandardizer,
  kFold,
  leaveOneOut,
  minibatchRanges,
  netParams,
  shuffleTogether,
  standardize,
  takeRows,
  train,
  trainValidationSplit,
  withParams,
  type CvRow,
  type Dataset,
  type EarlyStopping,
  type EpochInfo,
  type Fold,
  type Standardizer,
  type TrainOptions,
  type TrainResult,
} from './train.js';
export {
  batchNormBackward,
  batchNormBackwardIn,
  batchNormForward,
  batchNormForwardIn,
  batchNormParamsIn,
  initBatchNorm,
  type BatchNormBackward,
  type BatchNormForward,
  type BatchNormOptions,
  type BatchNormParams,
} from './batchnorm.js';
export { perceptronPredict } from './perceptron.js';
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
